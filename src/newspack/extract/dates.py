"""Publication dates at the precision the source gives.

Hand-written on purpose: dateparser and dateutil fill in a missing day or month
(``oktober 2015`` becomes 2015-10-<today>), but a dataset user needs to know that the
source only said ``2015-10``. The month names live in ``rules/dates.toml``.
"""

from __future__ import annotations

import calendar
import functools
import re

from newspack.extract import rules

MIN_YEAR = 1900
MAX_YEAR = 2100
_THREE_WORDS = re.compile(r"[^\W\d_]{3,}\s+[^\W\d_]{3,}\s+[^\W\d_]{3,}")


@functools.cache
def _month_numbers() -> dict[str, int]:
    return {name: int(num) for num, names in rules.load("dates")["months"].items()
            for name in names}


@functools.cache
def _patterns() -> list[tuple[re.Pattern, str]]:
    months = "|".join(sorted(map(re.escape, _month_numbers()), key=len, reverse=True))
    return [
        (re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)"), "ymd"),
        (re.compile(r"(?<![\d.])(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})(?!\d)"), "ymd"),
        (re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\.?\s+(?P<mn>{months})\.?,?\s+(?P<y>\d{{4}})(?!\d)",
                    re.I), "ymd"),
        (re.compile(rf"\b(?P<mn>{months})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})"
                    r"(?!\d)", re.I), "ymd"),
        (re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})(?![\d-])"), "ym"),
        (re.compile(rf"\b(?P<mn>{months})\.?\s+(?P<y>\d{{4}})(?!\d)", re.I), "ym"),
    ]


def _valid(y: int, m: int, d: int | None) -> bool:
    if not (MIN_YEAR <= y <= MAX_YEAR and 1 <= m <= 12):
        return False
    return d is None or 1 <= d <= calendar.monthrange(y, m)[1]


def find_date(text: str) -> str | None:
    """The first date written in ``text``, as ISO 8601 at the precision given.

    >>> find_date("Publisert 02.10.2015 kl. 14.30")
    '2015-10-02'
    >>> find_date("mandag 10. oktober 2016")
    '2016-10-10'
    >>> find_date("Updated Oct. 2, 2015 at 10:00")
    '2015-10-02'
    >>> find_date("2016-10")
    '2016-10'
    >>> find_date("oktober 2015")
    '2015-10'
    >>> find_date("31.02.2015") is None
    True
    """
    best: tuple[int, str] | None = None
    for pattern, precision in _patterns():
        for match in pattern.finditer(text):
            g = match.groupdict()
            y = int(g["y"])
            m = _month_numbers()[g["mn"].lower()] if g.get("mn") else int(g["m"])
            d = int(g["d"]) if precision == "ymd" else None
            if not _valid(y, m, d):
                continue
            iso = f"{y:04d}-{m:02d}" + (f"-{d:02d}" if d is not None else "")
            if best is None or match.start() < best[0]:
                best = (match.start(), iso)
            break
    return best[1] if best else None


def is_date(text: str) -> bool:
    """Whether ``text`` is nothing but a date (a title tail's last part, say).

    >>> is_date("02.10.2015"), is_date("News")
    (True, False)
    """
    iso = find_date(text)
    return iso is not None and len(text.strip()) <= 32 and not _THREE_WORDS.search(text)
