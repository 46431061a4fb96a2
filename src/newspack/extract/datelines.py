"""The publication dateline of a page: the short line near the headline that carries the
article's date ("Publisert 05.03.2019 kl. 10.15", "By Julia Esdar 6. November 2023").

A text dump of a page has dates everywhere: in menus, in lists of related articles, in the
body's prose, in comments. The dateline is told apart by three things:

- **where it is**: among the ``AFTER`` blocks (non-blank lines) from the headline's line on,
  or the ``BEFORE`` blocks above it; a window stops once it has passed ``PROSE_REACH``
  paragraphs of prose below the headline (the body: what follows it is related links and
  comments) or ``PROSE_REACH_BEFORE`` above it (another article). A block above the
  headline costs twice one below it;
- **its shape**: at most ``MAX_WORDS`` words, of which at most ``MAX_OTHER_WORDS`` are not
  a date, a time, a cue or a weekday; not a sentence (a full stop after
  ``SENTENCE_MIN_WORDS`` other words, or ``PROSE_LOWERCASE_WORDS`` lowercase words on a
  line without a cue); not the signature of an embedded post ("— Name (@handle) date").
  A date without a day (``Januar 2022``) is taken only from a line that is nothing else;
- **its cue** (``rules/dates.toml``, ``[cues]``): a date a "published" word introduces
  costs nothing, a bare date or a byline ("By Julia Esdar ...") ``RANK_COST`` blocks, and
  an "updated" date more, since it is not the publication date. In "Publisert 05.03.2019,
  oppdatert 06.03.2019" the date after the published cue is the one read.

The cheapest line wins. A dateline whose date is relative ("Publisert: for 2 timer
siden") can win too, and then the answer is None: no date is computed, extraction has no
clock. Tuned on 291 real pages against htmldate's reading of their HTML.
"""

from __future__ import annotations

import functools
import re

from newspack.extract import rules
from newspack.extract.dates import alternation, locate_date

BEFORE = 12  # blocks above the headline
AFTER = 30  # blocks from the headline on
PROSE_REACH = 3  # paragraphs of prose below the headline that end the window
PROSE_REACH_BEFORE = 1
PROSE_MIN_WORDS = 25  # a paragraph of prose: this many words and a final stop
MAX_WORDS = 25
MAX_OTHER_WORDS = 8
CUE_REACH = 6  # words between a cue and its date
SENTENCE_MIN_WORDS = 4
PROSE_LOWERCASE_WORDS = 2  # lowercase words of 4+ letters: "incorporated as a city"
PUBLISHED, PLAIN, UPDATED = 0, 1, 2
RANK_COST = {PUBLISHED: 0, PLAIN: 2, UPDATED: 4}  # in blocks of distance
QUOTE_MARKS = ("—", "―")  # "— Name (@handle) March 3, 2019" signs an embedded post
HEADLINE_MIN_WORDS = 3  # a part of the title that may be the headline
HEADLINE_REACH = 12  # blocks after a headline in which its article's prose begins
_TIME = re.compile(r"(?<![\d.:])\d{1,2}[:.h]\d{2}(?::\d{2})?"
                   r"(?:\s*(?:[ap]\.?m\.?|uhr|hrs|hs|h)(?!\w))?", re.I)
_SENTENCE_END = re.compile(r"[.!?]$")
_TITLE_SEP = re.compile(r"\s+[|–—·•:»-]+\s+")


@functools.cache
def _cues() -> dict:
    cues = rules.load("dates")["cues"]
    return {
        "published": re.compile(r"(?<!\w)(?:%s)(?!\w)" % alternation(cues["published"]), re.I),
        "updated": re.compile(r"(?<!\w)(?:%s)(?!\w)" % alternation(cues["updated"]), re.I),
        "byline": re.compile(r"^(?i:%s)\s+[^\W\d_]" % alternation(cues["byline"])),
        "skip": frozenset(cues["weekdays"]),
        "relative": re.compile(r"(?<!\w)(?:%s)(?!\w)"
                               % alternation(rules.load("dates")["relative"]["words"]), re.I),
    }


def _other_words(line: str, found: tuple[int, int, str]) -> list[str]:
    """The words of ``line`` that are neither its dates, a time, a cue nor a weekday."""
    rest = line[: found[0]] + " " + line[found[1]:]
    while more := locate_date(rest):  # a second date ("published ..., updated ...")
        rest = rest[: more[0]] + " " + rest[more[1]:]
    rest = _cues()["updated"].sub(" ", _cues()["published"].sub(" ", _TIME.sub(" ", rest)))
    words = (w.strip(".,;:()[]|/•·–—-") for w in rest.split())
    return [w for w in words if any(c.isalpha() for c in w) and w.casefold() not in _cues()["skip"]]


def _cue_before(line: str, cue: re.Pattern, at: int) -> bool:
    """Whether a cue of kind ``cue`` ends at most ``CUE_REACH`` words before ``at``."""
    return any(m.end() <= at and len(line[m.end(): at].split()) <= CUE_REACH
               for m in cue.finditer(line, 0, at))


_DIGIT = re.compile(r"\d")


def _dated(line: str) -> tuple[int, tuple[int, int, str]] | None:
    """(rank, date found) of ``line``: the date a published cue introduces, else the first."""
    cues = _cues()
    for match in cues["published"].finditer(line):
        found = locate_date(line[match.end():])
        if found and len(line[match.end(): match.end() + found[0]].split()) <= CUE_REACH:
            return PUBLISHED, (match.end() + found[0], match.end() + found[1], found[2])
    found = locate_date(line)
    if found is None:
        return None
    return (UPDATED if _cue_before(line, cues["updated"], found[0]) else PLAIN), found


def _relative(line: str) -> int | None:
    """The rank of a dateline whose date is relative ("Publisert: for 2 timer siden",
    "vor 3 Stunden"): one with a cue, or a short one with a number; else None."""
    cues = _cues()
    if len(line.split()) > MAX_OTHER_WORDS or not cues["relative"].search(line):
        return None
    for rank, kind in ((PUBLISHED, "published"), (UPDATED, "updated")):
        if cues[kind].search(line):
            return rank
    return PLAIN if any(c.isdigit() for c in line) else None


def read_dateline(line: str) -> tuple[int, str | None] | None:
    """(rank, ISO date) when ``line`` has a dateline's shape, else None; the date is None
    when the dateline's is relative.

    >>> read_dateline("Publisert 05.03.2019, oppdatert 06.03.2019")
    (0, '2019-03-05')
    >>> read_dateline("By Julia Esdar 6. November 2023"), read_dateline("Stand: 05.03.2019")
    ((1, '2023-11-06'), (2, '2019-03-05'))
    >>> read_dateline("Publisert: for 2 timer siden")
    (0, None)
    >>> read_dateline("Die Ausstellung auf Schloss Moritzburg öffnet am 22. November 2023.")
    """
    # lines are squashed (one space between words), so spaces count the words
    if not line or line.count(" ") >= MAX_WORDS or line.startswith(QUOTE_MARKS):
        return None
    dated = _dated(line) if _DIGIT.search(line) else None  # every written date has a digit
    if dated is None:
        rank = _relative(line)
        return None if rank is None else (rank, None)
    rank, found = dated
    other = _other_words(line, found)
    if len(other) > MAX_OTHER_WORDS or (len(found[2]) < len("yyyy-mm-dd") and other):
        return None
    byline = bool(_cues()["byline"].match(line))
    if _SENTENCE_END.search(line) and len(other) >= SENTENCE_MIN_WORDS and not byline:
        return None
    lowercase = sum(len(w) >= 4 and w.isalpha() and w[0].islower() for w in other)
    if rank == PLAIN and not byline and lowercase >= PROSE_LOWERCASE_WORDS:
        return None
    return rank, found[2]


def _window(lines: list[str], start: int) -> list[tuple[int, int]]:
    """(cost, index) of the non-blank lines around ``start``, the nearest first."""
    after = _blocks(lines, range(start, len(lines)), AFTER, PROSE_REACH)
    before = _blocks(lines, range(start - 1, -1, -1), BEFORE, PROSE_REACH_BEFORE)
    costs = [(n, i) for n, i in enumerate(after)] + [(2 * (n + 1), i) for n, i in enumerate(before)]
    return sorted(costs, key=lambda c: (c[0], -c[1]))  # a tie goes to the line below


def _blocks(lines: list[str], indexes: range, most: int, prose_reach: int) -> list[int]:
    """The first ``most`` non-blank lines of ``indexes``, stopping past ``prose_reach``
    paragraphs of prose (the body, or another article's)."""
    found, prose = [], 0
    for i in indexes:
        if len(found) == most or prose > prose_reach:
            break
        if lines[i]:
            found.append(i)
            prose += _prose(lines[i])
    return found


def find_dateline(lines: list[str], start: int = 0) -> tuple[int, str] | None:
    """(line index, ISO date) of the publication dateline near ``start``, else None.

    ``lines`` are the squashed lines of a page (one block a line, "" for a blank line);
    ``start`` is the index of the headline's line, 0 when unknown.

    >>> lines = ["Menu", "", "12.01.2022", "", "Ny bru over Glomma", "",
    ...          "Av Kari Nordmann, NTB 5. mars 2019 kl. 10.15", "", "Brua åpnet i 2019."]
    >>> find_dateline(lines, 4)
    (6, '2019-03-05')
    """
    best: tuple[int, int, str | None] | None = None
    for cost, i in _window(lines, max(0, start)):
        read = read_dateline(lines[i])
        if read and (best is None or cost + RANK_COST[read[0]] < best[0]):
            best = (cost + RANK_COST[read[0]], i, read[1])
    return (best[1], best[2]) if best and best[2] else None  # a relative one stays unknown


def _prose(line: str) -> bool:
    return line.count(" ") + 1 >= PROSE_MIN_WORDS and bool(_SENTENCE_END.search(line))


def _prose_after(lines: list[str], start: int) -> int:
    """Characters of prose in the ``HEADLINE_REACH`` blocks that follow ``start``."""
    after = [line for line in lines[start + 1:] if line][:HEADLINE_REACH]
    return sum(len(line) for line in after if _prose(line))


def article_start(lines: list[str]) -> int:
    """Index of the headline in a page dump whose first line is the page's <title>.

    The headline is a later line equal to the title or to one of its parts ("Headline |
    Site"); of several, the one the most prose follows (not a "most read" list's). With no
    such line, the article starts at the first paragraph of prose; with none, at 0.

    >>> article_start(["Ny bru over Glomma - Avisa", "", "Meny", "", "Ny bru over Glomma"])
    4
    """
    first = next((i for i, line in enumerate(lines) if line), None)
    if first is None:
        return 0
    title = lines[first].casefold()
    parts = {title} | {p for p in _TITLE_SEP.split(title)
                       if len(p.split()) >= HEADLINE_MIN_WORDS}
    found = [i for i in range(first + 1, len(lines)) if lines[i].casefold() in parts]
    if found:
        return max(found, key=lambda i: (_prose_after(lines, i), -i))
    return next((i for i, line in enumerate(lines) if _prose(line)), 0)
