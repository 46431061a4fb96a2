"""The top of an article: header line, title tail, headline; and the date and publisher
they carry.

Scrapers prepend a header (`` date 2016-10 <first line>``), sites append a tail to the
title (``Headline | News | DW | 02.10.2015``), and a picture caption can come before
the headline (``STANS: Emmanuel Macron krever ...``). A dump of a real page starts with
its ``<title>`` ("Headline - Site"); the article's own headline later in the body is the
better title (``titles``). The rules are general shapes, not one publisher's strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newspack.extract.body import is_page
from newspack.extract.clean import Removed, classify
from newspack.extract.dates import find_date, is_date
from newspack.extract.titles import Title

_HEADER = re.compile(r"^date\s+(\d{4}(?:-\d{2}){0,2})(?=\s|$)\s*(.*)$", re.I)
_TAIL_SEP = re.compile(r"\s+\|\s+")
# "STANS: ..." / "SØKER TILFLUKT: ...": an upper-case label opens a picture caption.
_CAPTION = re.compile(r"^[A-ZÆØÅÄÖÜ][A-ZÆØÅÄÖÜ0-9 '-]{2,}:\s")
_TITLE_END_BAD = re.compile(r"[.,;:]$")
TITLE_MAX_CHARS = 200
TITLE_MAX_WORDS = 30
TITLE_SEARCH_LINES = 3


@dataclass(slots=True)
class Head:
    title: str | None = None
    header_date: str | None = None
    tail_date: str | None = None
    publisher: str | None = None
    # The line of the article's own headline when it stands after the first line (an
    # h1 below the page's <title> and menus, a headline after a caption): the article
    # starts there. None when the title is the first line only, or there is no title.
    headline_line: int | None = None
    removed: list[Removed] = field(default_factory=list)


def is_caption(line: str) -> bool:
    """
    >>> is_caption("STANS: Emmanuel Macron krever umiddelbar stans."), is_caption("Putin: Nei")
    (True, False)
    """
    return bool(_CAPTION.match(line))


def looks_like_title(line: str) -> bool:
    """A headline is short, has letters and does not end like a sentence or a clause.

    >>> looks_like_title("Macron til Putin: Krever umiddelbar stans")
    True
    >>> looks_like_title("Mandag møttes de to presidentene for tredje gang siden august.")
    False
    """
    n_words = len(line.split())
    return (1 <= n_words <= TITLE_MAX_WORDS and len(line) <= TITLE_MAX_CHARS
            and not _TITLE_END_BAD.search(line) and any(c.isalpha() for c in line))


def _split_tail(line: str) -> tuple[str, str | None, str | None] | None:
    """(headline, publisher, date) of a "Headline | Section | Site | date" line, else None.

    >>> _split_tail("Putin, Hollande meet | News | DW | 02.10.2015")
    ('Putin, Hollande meet', 'DW', '2015-10-02')
    """
    parts = _TAIL_SEP.split(line)
    if len(parts) < 2 or not parts[0]:
        return None
    if is_date(parts[-1]):
        return parts[0], parts[-2] if len(parts) >= 3 else None, find_date(parts[-1])
    if len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts[1:]):
        return parts[0], parts[-1], None
    return None


def read_head(lines: list[str]) -> Head:
    """Find header, title and title tail in squashed ``lines``; blank the lines consumed.

    ``lines`` is edited in place: a header prefix is cut off the first line; the title
    line, the headline line and later repeats of the headline become empty.
    """
    head = Head()
    first = next((i for i, line in enumerate(lines) if line), None)
    if first is None:
        return head
    match = _HEADER.match(lines[first])
    if match:
        head.header_date = find_date(match.group(1))
        head.removed.append(Removed(first, lines[first][: match.start(2)].strip(), "header"))
        lines[first] = match.group(2)
    if not lines[first]:
        return head
    title = Title(lines[first])
    tail = _split_tail(lines[first])
    # a title line with no site part is the headline itself: its repeats go below
    found = title.find_in(lines, first, classify) if len(title.parts) > 1 else None
    if found:  # the page's own headline is in the body
        head.title, head.headline_line = lines[found.line_no], found.line_no
        head.publisher = title.site(found.first, found.last, lines, first)
        _consume(head, lines, first, *title.span(found.first, found.last))
    elif tail:
        head.title, head.publisher = tail[0], tail[1]
        _consume(head, lines, first, 0, len(tail[0]))
    else:
        at = _find_title(lines, first)
        if at is not None:
            title = title if at == first else Title(lines[at])
            a, b, head.publisher = title.strip_site(lines, at)
            head.title = title.text(a, b)
            head.headline_line = at if at > first else None
            _consume(head, lines, at, *title.span(a, b))
            # a reworded h1 is looked for on a page (an article starting with its
            # headline has none)
            h1 = title.resembles(lines, at, a, b, classify) \
                if at == first and (len(title.parts) > 1 or is_page(lines)) else None
            if h1 is not None:  # the h1 says it in other words
                head.title, head.headline_line = lines[h1], h1
    if tail:
        head.publisher, head.tail_date = tail[1], tail[2]
    if head.title:
        key, size = head.title.casefold(), len(head.title)
        for i, line in enumerate(lines):
            # casefold may lengthen a character up to three times (ß → ss), never shorten
            # one: lines outside these lengths cannot match, and need no casefold
            if line and size // 3 <= len(line) <= 3 * size and line.casefold() == key:
                head.removed.append(Removed(i, line, "title"))
                lines[i] = ""
    return head


def _consume(head: Head, lines: list[str], i: int, start: int, end: int) -> None:
    """Blank the title line ``i``: ``line[start:end]`` is the title, the rest its tail."""
    line = lines[i]
    head.removed.append(Removed(i, line[start:end], "title"))
    for piece in (line[:start].strip(), line[end:].strip()):
        if piece:
            head.removed.append(Removed(i, piece, "title_tail"))
    lines[i] = ""


def _find_title(lines: list[str], start: int) -> int | None:
    """The headline's line among the first lines, skipping captions; None when a lead
    comes first."""
    seen = 0
    for i in range(start, len(lines)):
        line = lines[i]
        if not line or classify(line):
            continue
        seen += 1
        if seen > TITLE_SEARCH_LINES:
            return None
        if is_caption(line) and not looks_like_title(line):
            continue
        return i if looks_like_title(line) else None
    return None
