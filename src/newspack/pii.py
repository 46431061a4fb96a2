"""Personal data redaction: e-mail addresses, phone numbers, Norwegian and Danish
national identity numbers, each replaced by a typed placeholder.

Phone numbers are found and validated by ``phonenumbers`` (Google's libphonenumber
metadata, inside the wheel), so prices and article numbers are left alone. Identity
numbers are validated by their check digits, which no maintained library does for
both Norwegian fødselsnummer and Danish CPR: that part is written here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from phonenumbers import Leniency, PhoneNumberMatcher

EMAIL = "[EMAIL]"
PHONE = "[PHONE]"
NATIONAL_ID = "[NATIONAL_ID]"

_DIGIT = re.compile(r"\d")
# A run of 7+ characters of digits and separators: every id and phone number is one. A
# plain character class keeps this scan cheap (nested groups cost 4x), and nothing else
# runs on a text without one.
_NUMBERISH = re.compile(r"[+(]?\d[\d ()./-]{5,}\d")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
_FNR = re.compile(r"(?<![\d-])(\d{6})\s?(\d{5})(?![\d-])")
_CPR = re.compile(r"(?<![\d-])(\d{6})-(\d{4})(?![\d-])")
PHONE_MIN_DIGITS = 8  # a shorter run is not worth phonenumbers' ~1 ms a page
# 02.10.2015 or 2015-10-02 (with a time, even) reads as a valid number in some plans
_DATE_LIKE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
REGION = {"nb": "NO", "nn": "NO", "da": "DK", "sv": "SE", "de": "DE", "en": "GB"}


def _date_ok(d: int, m: int, yy: int) -> bool:
    for century in (1900, 2000):
        try:
            dt.date(century + yy, m, d)
            return True
        except ValueError:
            pass
    return False


def valid_fodselsnummer(digits: str) -> bool:
    """Norwegian national identity number (or D-number): date and two mod-11 check digits.

    >>> valid_fodselsnummer("01129955151"), valid_fodselsnummer("01129955152")
    (True, False)
    """
    if len(digits) != 11 or not digits.isdigit():
        return False
    n = list(map(int, digits))
    day = n[0] * 10 + n[1]
    day = day - 40 if day > 40 else day  # D-numbers add 4 to the first digit
    if not _date_ok(day, n[2] * 10 + n[3], n[4] * 10 + n[5]):
        return False
    w1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
    w2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    k1 = 11 - sum(a * b for a, b in zip(w1, n[:9], strict=True)) % 11
    k2 = 11 - sum(a * b for a, b in zip(w2, n[:10], strict=True)) % 11
    k1, k2 = (0 if k1 == 11 else k1), (0 if k2 == 11 else k2)
    return k1 < 10 and k2 < 10 and k1 == n[9] and k2 == n[10]


def valid_cpr(digits: str) -> bool:
    """Danish CPR number with a valid date and the classic mod-11 check.

    >>> valid_cpr("0707614285"), valid_cpr("0707614286")
    (True, False)
    """
    if len(digits) != 10 or not digits.isdigit():
        return False
    n = list(map(int, digits))
    if not _date_ok(n[0] * 10 + n[1], n[2] * 10 + n[3], n[4] * 10 + n[5]):
        return False
    return sum(a * b for a, b in zip((4, 3, 2, 7, 6, 5, 4, 3, 2, 1), n, strict=True)) % 11 == 0


def redact(text: str, language: str = "und") -> tuple[str, Counter]:
    """Text with personal data replaced, and counts by kind.

    >>> redact("Skriv til ola@example.no eller ring 22 33 44 55.", "nb")
    ('Skriv til [EMAIL] eller ring [PHONE].', Counter({'email': 1, 'phone': 1}))
    """
    counts: Counter = Counter()
    if "@" in text:
        text, n = _EMAIL.subn(EMAIL, text)
        counts["email"] += n
    if not _DIGIT.search(text):
        return text, counts
    runs = [m.group() for m in _NUMBERISH.finditer(text)]
    if not runs:
        return text, counts

    def national(match: re.Match) -> str:
        digits = match.group(1) + match.group(2)
        if valid_fodselsnummer(digits) or valid_cpr(digits):
            counts["national_id"] += 1
            return NATIONAL_ID
        return match.group(0)

    text = _FNR.sub(national, text)
    text = _CPR.sub(national, text)
    if any(sum(c.isdigit() for c in run) >= PHONE_MIN_DIGITS for run in runs):
        region = REGION.get(language, "NO")
        spans = [(m.start, m.end) for m in PhoneNumberMatcher(text, region, Leniency.VALID)
                 if not _DATE_LIKE.fullmatch(m.raw_string)]
        for start, end in reversed(spans):
            text = text[:start] + PHONE + text[end:]
        counts["phone"] += len(spans)
    return text, +counts

