"""Publication dates at the precision the source gives.

Hand-written on purpose: dateparser and dateutil fill in a missing day or month
(``oktober 2015`` becomes 2015-10-<today>), but a dataset user needs to know that the
source only said ``2015-10``. The month names and the other date words live in
``rules/dates.toml``.

What is read: ISO dates (``2019-03-05``, ``2019-03``), ``2019/03/05``, dotted day-first
dates (``05.03.2019``), day-month-year and month-day-year with month names in twelve
languages (``5. mars 2019``, ``5 de marzo de 2019``, ``March 5th, 2019``) and month-year
(``oktober 2015``). What is not: eight digits in a row (``20190305`` is as often an id or
a phone number), two-digit years, and relative dates (``2 hours ago``, ``i går``): they
need a clock, and extraction has none.

Numeric dates with slashes or hyphens (``05/03/2019``) are day first in Europe and month
first in the United States. One whose day and month are both 12 or less (and differ) is
read only when the text tells the order (:func:`numeric_order`); otherwise it is unknown,
and as the text's first date it makes the answer None rather than a guess.
"""

from __future__ import annotations

import calendar
import functools
import re

from newspack.extract import rules

MIN_YEAR = 1900
MAX_YEAR = 2100
_YEAR = re.compile(r"\d{4}")  # every date pattern below has a four-digit year
_THREE_WORDS = re.compile(r"[^\W\d_]{3,}\s+[^\W\d_]{3,}\s+[^\W\d_]{3,}")
_NUMERIC = re.compile(
    r"(?<![\d/.-])(?P<a>\d{1,2})(?P<s>[/-])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4})(?![\d/-])")


@functools.cache
def _month_numbers() -> dict[str, int]:
    return {name: int(num) for num, names in rules.load("dates")["months"].items()
            for name in names}


def alternation(words) -> str:
    """A regex alternation of ``words``, longest first (so ``marzo`` wins over ``mar``)."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


@functools.cache
def _patterns() -> list[tuple[re.Pattern, str]]:
    words = rules.load("dates")["words"]
    months = alternation(_month_numbers())
    alone = alternation(set(_month_numbers()) - set(words["needs_day"]))
    join = r"(?:(?:%s)\s+)?" % alternation(words["joiners"])
    day = r"(?<!\d)(?P<d>\d{1,2})(?:\.|st|nd|rd|th|er|º)?"
    return [
        (re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)"), "ymd"),
        (re.compile(r"(?<![\d/])(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\d/])"), "ymd"),
        (re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?!\d)"), "ymd"),
        (_NUMERIC, "numeric"),
        (re.compile(rf"{day}\s+{join}(?P<mn>{months})\.?,?\s+{join}(?P<y>\d{{4}})(?!\d)", re.I),
         "ymd"),
        (re.compile(rf"\b(?P<mn>{months})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
                    r"(?P<y>\d{4})(?!\d)", re.I), "ymd"),
        (re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})(?![\d-])"), "ym"),
        (re.compile(rf"\b(?P<mn>{alone})\.?,?\s+{join}(?P<y>\d{{4}})(?!\d)", re.I), "ym"),
    ]


@functools.cache
def _order_words() -> tuple[re.Pattern, re.Pattern]:
    order = rules.load("dates")["order"]
    return (re.compile(r"(?<!\w)(?:%s)(?!\w)" % alternation(order["day_first"]), re.I),
            re.compile(r"(?<!\w)(?:%s)(?!\w)" % alternation(order["month_first"])))


def numeric_order(text: str) -> bool | None:
    """Whether ``text`` writes numeric dates day first (True), month first (False), or
    does not tell (None).

    A numeric date whose day is over 12 tells; else a word of a day-first language
    (``Publicado``, ``Uhr``, ``kl``) or a US mark (``EST``, ``p.m.``), when only one kind
    is there.

    >>> numeric_order("05/03/2019, 17/03/2019"), numeric_order("Posted 05/03/2019 9:10 EST")
    (True, False)
    >>> numeric_order("Publicado el 05/03/2019"), numeric_order("05/03/2019") is None
    (True, True)
    """
    votes = set()
    for match in _NUMERIC.finditer(text):
        a, b = int(match["a"]), int(match["b"])
        if max(a, b) > 12 >= min(a, b):
            votes.add(a > 12)
    if not votes:
        day_first, month_first = _order_words()
        votes = {True} if day_first.search(text) else set()
        votes |= {False} if month_first.search(text) else set()
    return votes.pop() if len(votes) == 1 else None


def _valid(y: int, m: int, d: int | None) -> bool:
    if not (MIN_YEAR <= y <= MAX_YEAR and 1 <= m <= 12):
        return False
    return d is None or 1 <= d <= calendar.monthrange(y, m)[1]


def _numeric(match: re.Match, text: str, dayfirst: bool | None) -> tuple[int, int] | None:
    """(month, day) of a slash or hyphen date; None when its order is unknown."""
    a, b = int(match["a"]), int(match["b"])
    if a != b and a <= 12 and b <= 12:
        if dayfirst is None:
            dayfirst = numeric_order(text)
        if dayfirst is None:
            return None
        return (b, a) if dayfirst else (a, b)
    return (b, a) if a > 12 else (a, b)


def locate_date(text: str, dayfirst: bool | None = None) -> tuple[int, int, str] | None:
    """(start, end, ISO date) of the first date written in ``text``.

    ``dayfirst`` says how to read an ambiguous ``05/03/2019``; None lets the text tell.

    >>> locate_date("Updated 3:45 PM ET, Tue March 5, 2019")
    (24, 37, '2019-03-05')
    """
    if not _YEAR.search(text):  # one cheap search, not eight patterns
        return None
    best: tuple[int, int, str | None] | None = None
    for pattern, kind in _patterns():
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best[0]:
                break
            g = match.groupdict()
            y, d = int(g["y"]), None
            if kind == "numeric":
                md = _numeric(match, text, dayfirst)
                if md is None:  # a date whose order is unknown: it still is the first one
                    best = (match.start(), match.end(), None)
                    break
                m, d = md
            else:
                m = _month_numbers()[g["mn"].lower()] if g.get("mn") else int(g["m"])
                d = int(g["d"]) if kind == "ymd" else None
            if not _valid(y, m, d):
                continue
            iso = f"{y:04d}-{m:02d}" + (f"-{d:02d}" if d is not None else "")
            best = (match.start(), match.end(), iso)
            break
    return best if best and best[2] else None


def find_date(text: str, dayfirst: bool | None = None) -> str | None:
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
    >>> find_date("5 de marzo de 2019"), find_date("Publicado el 05/03/2019 a las 10:15")
    ('2019-03-05', '2019-03-05')
    >>> find_date("05/03/2019") is None, find_date("for 2 timer siden") is None
    (True, True)
    """
    found = locate_date(text, dayfirst)
    return found[2] if found else None


def is_date(text: str) -> bool:
    """Whether ``text`` is nothing but a date (a title tail's last part, say).

    >>> is_date("02.10.2015"), is_date("News")
    (True, False)
    """
    iso = find_date(text)
    return iso is not None and len(text.strip()) <= 32 and not _THREE_WORDS.search(text)
