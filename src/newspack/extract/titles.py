"""A page's ``<title>`` line: which part is the headline, which the site, and where the
headline (the h1) stands in the body: that line is the better title, without the site,
and the article starts there. With no h1, only a part with evidence of being a site (a
domain, a repeat, a logo or "©" line of its own) is cut off. The rules are shapes
("Headline - Site", "NRK: Headline", "Site » Section » Headline"), not sites' strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from newspack.extract.dates import is_date

# Between parts: a dash, bar, dot or arrow with spaces around it, a bar with a space on
# one side (not "Osthessen|News", a name), a hyphen glued to a word before a capital.
_SEP = re.compile(r"\s+[-–—·•›»>⋆~/:]{1,2}(?:\s+|$)|\s+[|¦]+\s*|\s*[|¦]+\s+"
                  r"|(?<=\w)-\s+(?=[A-ZÄÖÜÆØÅ])")
_SEP_CHAR = re.compile(r"[-–—·•›»>⋆~/:|¦]")  # one of them is in every separator
_PAREN_DOMAIN = re.compile(r"\s+\(([\w.-]+\.[a-z]{2,6})\)$", re.I)  # "Headline (site.de)"
_LABEL = re.compile(r"^([^:|]{1,40}?):\s+(?=\S)")  # "NRK: Headline", "Krise: Headline"
_CRUMB = re.compile(r"\s[/>›»|]\s|\|")  # "Home / News / Headline"
_DOMAIN = re.compile(r"[^\W_][\w-]*\.[a-z]{2,6}\b", re.I)
_WORD = re.compile(r"\w+")
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|\ball rights\b", re.I)
_TWO_SENTENCES = re.compile(r"[.!?…]\s+[^\w\s]*[A-ZÀ-ÖØ-ÞĀ-Ž]")
_END = re.compile(r"([.!?…])[\"'»”’)\]]*$")
_STOP = re.compile(r"[.!?…]")
LABEL_MAX_WORDS = 4  # a site label or a kicker before the headline ("NRK: ...")
SITE_MAX_WORDS = 5
SECTION_MAX_WORDS = 3  # "Headline - Wirtschaft - Site": a section between the two
SITE_MIN_MENTIONS, LOGO_MAX_WORDS = 2, 8  # short lines that name a capitalised site
HEADLINE_MAX_WORDS, HEADLINE_MAX_CHARS = 40, 300
GROUP_LINES = 13  # the same headline again this close: breadcrumb and h1
EXTEND_MIN_WORDS = 3  # a run this long may be the start or end of a longer h1 line
EXTEND_FACTOR = 3  # ... of at most this many times its words
RESEMBLE_SHARE = 0.5  # of content words a reworded h1 shares with the title
RESEMBLE_MIN_SHARED = 3
RESEMBLE_BEFORE = 0.25  # at most this share of the page's prose comes before it
PROSE_MIN_CHARS = 150  # a line this long is prose
CONTENT_MIN_CHARS = 4  # a shorter word is a function word, unless it has a digit

Skip = Callable[[str], object]


def words(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def key(text: str) -> str:
    """Words, case-folded, and a final stop: the title's and the h1's quotes and dashes
    may differ, but a sentence is not a headline ("Det går bra." is no "Det går bra").

    >>> key("Was bringen 'alternative' Therapien?") == key("was bringen „alternative“ Therapien?")
    True
    >>> key("Det går bra."), key("Det går bra")
    ('det går bra .', 'det går bra')
    """
    found, end = words(text), _end(text)
    return f"{found} {end}" if end and found else found


def _end(text: str) -> str:  # the stop that ends the text ("." for "…"), else ""
    end = _END.search(text)
    return end.group(1).replace("…", ".") if end else ""


def split_parts(line: str) -> tuple[list[tuple[int, int]], list[str]]:
    """The spans of ``line``'s parts between site separators, and the separators.

    >>> t = "Krise: Wahl in Berlin - Politik | SPIEGEL"
    >>> spans, seps = split_parts(t)
    >>> [t[a:b] for a, b in spans], seps
    (['Krise', 'Wahl in Berlin', 'Politik', 'SPIEGEL'], [':', '-', '|'])
    """
    cuts = []  # (start, end) of each separator
    label = _LABEL.match(line) if ":" in line else None
    if label and n_words(label.group(1)) <= LABEL_MAX_WORDS and not _SEP.search(label.group(1)):
        cuts.append((label.end(1), label.end()))
    paren = _PAREN_DOMAIN.search(line) if line.endswith(")") else None
    end = paren.start() if paren else len(line)
    if _SEP_CHAR.search(line):  # _SEP tries four patterns at every position: only if it can
        cuts += [m.span() for m in _SEP.finditer(line, cuts[0][1] if cuts else 0, end)]
    if paren:
        cuts.append((paren.start(), paren.start(1)))
    spans, seps, start = [], [], 0
    for a, b in cuts + [(paren.end(1) if paren else end, len(line))]:
        if line[start:a].strip():
            spans.append((start, a))
            seps.append(line[a:b].strip())
        start = b
    return spans, seps[:-1]


def n_words(text: str) -> int:
    return len(text.split())


def crumbs(text: str) -> int:
    return len(_CRUMB.findall(text))


def is_domain(part: str) -> bool:
    """A short part that is a host name: "Salon.com", "wien.ORF.at", "MZ.de"."""
    return n_words(part) <= 3 and "@" not in part and bool(_DOMAIN.search(part))


def headline_shaped(line: str) -> bool:
    """Short, with letters, not cut off at a comma or colon, no "©" line."""
    return (0 < len(line) <= HEADLINE_MAX_CHARS and line[-1] not in ",;:"
            and n_words(line) <= HEADLINE_MAX_WORDS and any(c.isalpha() for c in line)
            and not _COPYRIGHT.search(line))


@dataclass(frozen=True, slots=True)
class Found:
    """A body line that is the page's headline, and the run of title parts it matches."""

    line_no: int
    first: int  # index of the first title part the line covers
    last: int  # one past the last
    exact: bool


class Title:
    """The parts of one title line and what they match on the page."""

    def __init__(self, line: str) -> None:
        self.line = line
        self.spans, self.seps = split_parts(line)
        self.parts = [line[a:b] for a, b in self.spans]
        self.runs = self._runs()

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Where parts ``a:b`` stand in the line (all of it for all parts)."""
        if a == 0 and b == len(self.parts):
            return 0, len(self.line)
        return self.spans[a][0], self.spans[b - 1][1]

    def text(self, a: int, b: int) -> str:
        return self.line[slice(*self.span(a, b))]

    def _runs(self) -> list[tuple[int, int]]:
        """Runs of parts that may be a headline, the longest first: a run from the first
        part (not a label alone), or after short leading parts ("Site » Section »
        Headline") with more words than each; none starts or ends with a domain."""
        n, out = len(self.parts), []
        size = [n_words(p) for p in self.parts]
        for a in range(n):
            if a and (size[a - 1] > LABEL_MAX_WORDS or "," in self.parts[a - 1]):
                break
            for b in range(a + 1, n + 1):
                if n > 1 and (is_domain(self.parts[a]) or is_domain(self.parts[b - 1])):
                    continue
                if (a and n_words(self.text(a, b)) <= max(size[:a])) or \
                        (b < n and self.seps[b - 1] == ":"):  # a label alone: "Krise"
                    continue
                out.append((a, b))
        return sorted(out, key=lambda r: -len(self.text(*r)))

    def find_in(self, lines: list[str], start: int, skip: Skip) -> Found | None:
        """The body line after ``start`` that equals a run, else one that starts or ends
        with a long run (a kicker or a subtitle in the same h1); the longest run wins,
        then an exact match, then the first group of lines. ``skip``: boilerplate."""
        exact = {key(self.text(a, b)): (a, b) for a, b in reversed(self.runs)}  # longest wins
        exact.pop("", None)
        ends = {w for a, b in self.runs for w in _edge_words(self.text(a, b))}
        shortest = min((len(self.text(a, b)) for a, b in self.runs), default=0) // 2
        longest = EXTEND_FACTOR * len(self.line) + EXTEND_MIN_WORDS
        best, rank = None, (0, False)
        for i in range(start + 1, len(lines)):
            line = lines[i]
            if not shortest <= len(line) <= longest or not headline_shaped(line):
                continue
            k = key(line)
            if k in exact:
                found = Found(i, *exact[k], exact=True)
            elif ends & _edge_words(line):
                found = self._extended(line, i)
            else:
                continue
            if found and (len(self.text(found.first, found.last)), found.exact) > rank \
                    and not skip(line):
                best, rank = found, (len(self.text(found.first, found.last)), found.exact)
        if best:  # a breadcrumb's last item, then the h1: the last of a close group
            k, near = key(lines[best.line_no]), range(best.line_no, best.line_no + GROUP_LINES)
            best = Found(max(j for j in near if j < len(lines) and key(lines[j]) == k),
                         best.first, best.last, best.exact)
        return best

    def _extended(self, line: str, i: int) -> Found | None:
        """A line that is a run with a kicker before it or a subtitle after it, in the
        same sentence; not a breadcrumb ("Home / News / Headline")."""
        toks = list(_WORD.finditer(line))
        mine = [t.group().casefold() for t in toks]
        for a, b in self.runs:
            run = self.text(a, b)
            theirs = words(run).split()
            m = len(theirs)
            if m < EXTEND_MIN_WORDS or not m < len(toks) <= EXTEND_FACTOR * m:
                continue
            if mine[:m] == theirs and not _end(run):  # a subtitle, maybe a question
                extra, fits = line[toks[m - 1].end():toks[-1].start()], _end(line) != "."
            elif mine[-m:] == theirs:  # a kicker
                extra, fits = line[:toks[-m].start()], _end(line) == _end(run)
            else:
                continue
            if not fits or _STOP.search(extra) or crumbs(line) > crumbs(run) + 1:
                return None
            return Found(i, a, b, exact=False)
        return None

    def resembles(self, lines: list[str], start: int, a: int, b: int, skip: Skip) -> int | None:
        """The first later line that looks like a one-sentence title and shares at least
        half of its content words with parts ``a:b``: the h1, reworded ("VW-Chef Diess
        warnt ..." / "VW-Chef warnt ..."). It stands before most of the page's prose,
        where an h1 stands, not among the paragraphs like a crosshead."""
        mine = _content(self.text(a, b))
        if len(mine) < RESEMBLE_MIN_SHARED:
            return None
        left = sum(len(x) for x in lines if len(x) >= PROSE_MIN_CHARS)
        most = (1 - RESEMBLE_BEFORE) * left
        for i in range(start + 1, len(lines)):
            line = lines[i]
            left -= len(line) if len(line) >= PROSE_MIN_CHARS else 0
            if left < most:
                return None
            if not line or line[-1] == "." or not headline_shaped(line) \
                    or _TWO_SENTENCES.search(line) or crumbs(line) > 1 or skip(line):
                continue
            shared = len(mine & (theirs := _content(line)))
            if shared >= max(RESEMBLE_MIN_SHARED, RESEMBLE_SHARE * max(len(mine), len(theirs))):
                return i
        return None

    def site(self, a: int, b: int, lines: list[str], start: int) -> str | None:
        """The site among the parts outside the run ``a:b``. After it: a domain, else all
        of them when they have a separator of their own ("| AOC media - Analyse"), else
        the last part that is no date; a short one. Before it: the first part, unless
        that is a kicker ("Krise: ...") with no evidence."""
        after = [i for i in range(b, len(self.parts)) if not is_date(self.parts[i])]
        if after:
            domains = [i for i in after if is_domain(self.parts[i])]
            inner = set(self.seps[b:after[-1]])
            if domains:
                return self.parts[domains[-1]]
            if inner and self.seps[b - 1] not in inner:
                site = self.text(b, after[-1] + 1)
            else:
                site = self.parts[after[-1]]
            return site if self._short(site) else None
        if a > 0 and (self.seps[0] != ":" or self._is_site(0, lines, start)):
            return self.parts[0]
        return None

    def strip_site(self, lines: list[str], start: int) -> tuple[int, int, str | None]:
        """With no headline in the body: the run left when a last part that is evidently
        a site (and the short sections before it) is cut off, and the site."""
        n = len(self.parts)
        if n < 2 or self.seps[-1] == ":" or not self._is_site(n - 1, lines, start):
            return 0, n, None
        b = n - 1
        while b > 1 and n_words(self.parts[b - 1]) <= SECTION_MAX_WORDS \
                and n_words(self.text(0, b - 1)) > SECTION_MAX_WORDS:
            b -= 1
        return 0, b, self.parts[-1]

    def _short(self, part: str) -> bool:
        n = len(words(part).split())
        return n <= SITE_MAX_WORDS and 2 * n < n_words(self.line)

    def _is_site(self, i: int, lines: list[str], start: int) -> bool:
        """Part ``i`` is short and a domain, twice in the title, a line of its own, in a
        "©" line, or, capitalised, in two short lines ("MEIN SCHÖNER GARTEN-Shop")."""
        part = self.parts[i]
        name = words(part)
        if not name or not self._short(part):
            return False
        if is_domain(part) or sum(words(p) == name for p in self.parts) > 1:
            return True
        mentions = 0
        for j, line in enumerate(lines):
            if j == start or not line or f" {name} " not in f" {(found := words(line))} ":
                continue
            if found == name or _COPYRIGHT.search(line):
                return True
            mentions += line.count(" ") < LOGO_MAX_WORDS
        capitalised = any(w[:1].isupper() or w[:1].isdigit() for w in part.split())
        return capitalised and mentions >= SITE_MIN_MENTIONS


def _edge_words(text: str) -> set[str]:
    found = _WORD.findall(text.casefold())
    return {found[0], found[-1]} if found else set()


def _content(text: str) -> set[str]:
    return {w for w in words(text).split()
            if len(w) >= CONTENT_MIN_CHARS or any(c.isdigit() for c in w)}
