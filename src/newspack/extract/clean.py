"""Boilerplate removal, one line at a time, each removal with its reason.

Scraped pages put one block of text per line, so a line is the unit the cleaner keeps
or drops. The rules are data (``rules/boilerplate.toml``); this module only applies
them. Like ftfy's ``fix_and_explain``, every removed line says why.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from newspack.extract import body, rules
from newspack.extract.dates import find_date

_NAV_ITEM = re.compile(r"^\d{1,2}[.)]\s+\S")
_SENTENCE_END = re.compile(r"[.!?…:;»\"”'’)]$")
NAV_MIN_RUN = 3
NAV_MAX_WORDS = 5
REPEAT_MIN_CHARS = 20
COMMENT_HEADING_WORDS = 8
COMMENT_META_WORDS = 10
LONGEST_RULE = 40  # words; no boilerplate rule matches a longer line


@dataclass(frozen=True, slots=True)
class Removed:
    """A line the cleaner dropped: its position, its text and the rule that matched."""

    line_no: int
    text: str
    reason: str

    def __reduce__(self):  # as a tuple: dataclasses' default reads the field list each time
        return (Removed, (self.line_no, self.text, self.reason))


def squash(line: str) -> str:
    """Collapse whitespace runs to one space and strip.

    >>> squash("  Putin   møter\\u00a0Erdogan ")
    'Putin møter Erdogan'
    """
    return " ".join(line.split())


_WIDGET_PUNCT = ".,;:!?\"'()[]{}«»“”„‘’…–—|*#&%+=<>/-"
_WIDGET_WORD = re.compile(r"[^\s%s]+" % re.escape(_WIDGET_PUNCT))


def _words(text: str) -> list[str]:
    """Lowercased words between spaces, punctuation and slashes: one ``findall``, cheap
    enough for every short line."""
    return _WIDGET_WORD.findall(text.lower())


def _leads(phrases: list[str]) -> frozenset[str]:
    """The first two words of each phrase ("follow us"; the word of a one-word phrase),
    as ``widget`` splits a line into words."""
    return frozenset(" ".join(_words(p)[:2]) for p in phrases)


def _phrases(kinds: dict[str, list[str]]) -> re.Pattern:
    """One pattern for phrases of several kinds, each a named group, matched as whole
    words ("agb" is no footer inside "dagboken"); the first kind wins a tie."""
    groups = ["(?P<%s>%s)" % (kind, "|".join(sorted(map(re.escape, phrases), key=len,
                                                       reverse=True)))
              for kind, phrases in kinds.items()]
    return re.compile(r"(?<!\w)(?:%s)(?!\w)" % "|".join(groups), re.I)


@functools.cache
def _rules() -> dict:
    r = rules.load("boilerplate")
    agencies = "|".join(sorted(map(re.escape, r["agencies"]), key=len, reverse=True))
    return {
        "teasers": frozenset(r["teasers"]),
        "read_more": re.compile(
            r"^(?:%s)\s*[:>»-]\s*\S" % "|".join(map(re.escape, r["read_more_prefixes"])), re.I),
        "credit_prefix": re.compile(
            r"^(?:%s)\s*:\s*\S" % "|".join(map(re.escape, r["credit_prefixes"])), re.I),
        "credit_max_words": r["credit_max_words"],
        "agency_tail": re.compile(r"(?:^|\s/\s?|/)(?:%s)\s*$" % agencies, re.I),
        "agency_paren": re.compile(
            r"^(?:[\w./-]{1,24}\s+)?\(\s*(?:%s)(?:\s*[,/]\s*(?:%s))*\s*\)$" % (agencies, agencies),
            re.I),
        "byline": re.compile(
            r"^(?:%s)\b\s*(?::|\s|$)" % "|".join(map(re.escape, r["byline_prefixes"])), re.I),
        "byline_max_words": r["byline_max_words"],
        "author": re.compile(
            r"^(?:%s):?\s+(?:[A-ZÆØÅÄÖÜ][\w'.-]*\s*){1,4}(?:(?:,|og|and|und|och)\s+.*)?$"
            % "|".join(map(re.escape, r["author_prefixes"])), re.I),
        "share_verbs": frozenset(r["share_verbs"]),
        "share_targets": frozenset(r["share_targets"]),
        "cookie": tuple(r["cookie_words"]),
        "trailing_ends": tuple(r["trailing_teasers"]),
        "widget_max_words": r["widget_max_words"],
        "reply_words": frozenset(r["reply_words"]),
        "widget": _phrases({"prompt": r["prompt_phrases"], "footer": r["footer_phrases"]}),
        "widget_leads": _leads(r["prompt_phrases"] + r["footer_phrases"]),
        "widget_words": frozenset(lead.split()[0] for lead in
                                  _leads(r["prompt_phrases"] + r["footer_phrases"])),
        "comment_heading": re.compile(
            r"^(?:\d+\s+)?(?:%s)\b" % "|".join(map(re.escape, r["comment_headings"])), re.I),
        "trailing": re.compile(
            r"(?<=[.!?»\"”])\s+(?:%s)$" % "|".join(map(re.escape, r["trailing_teasers"])), re.I),
    }


def classify(line: str) -> str | None:
    """The boilerplate kind of one squashed line, or None when it may be body text.

    >>> classify("Foto: SPUTNIK / Reuters"), classify("OSMAN ORSAL / REUTERS")
    ('photo_credit', 'photo_credit')
    >>> classify("SISTE NYTT"), classify("Les også: Dette skjer i Syria")
    ('teaser', 'read_more')
    >>> classify("Publisert: For mindre enn 10 minutter siden")
    'byline'
    >>> classify("Putin møtte militærtoppar i Moskva.") is None
    True
    """
    r = _rules()
    n = line.count(" ") + 1  # words: lines are squashed, so one space between each
    if n > LONGEST_RULE:  # longer than any boilerplate line: prose, and most lines are
        return None
    low = line.lower()
    if low.rstrip(":.!» ") in r["teasers"]:
        return "teaser"
    if n <= 30 and r["read_more"].match(line):
        return "read_more"
    if r["credit_prefix"].match(line) and n <= r["credit_max_words"] and not line.endswith("."):
        return "photo_credit"
    if n <= r["credit_max_words"] and " / " in line and r["agency_tail"].search(line):
        return "photo_credit"
    if n <= 8 and r["agency_paren"].match(line):
        return "agency_credit"
    if r["byline"].match(line) and n <= r["byline_max_words"]:
        return "byline"
    if n <= 10 and not _SENTENCE_END.search(line) and r["author"].match(line) \
            and line.split()[1][:1].isupper():
        return "author"
    if n <= 12:
        tokens = {w.strip(".,:;|!?()") for w in low.split()}
        if tokens & r["share_verbs"] and tokens & r["share_targets"]:
            return "share"
    if any(word in low for word in r["cookie"]):
        return "cookie"
    return None


def nav_runs(lines: list[str]) -> set[int]:
    """Indexes of lines in runs of short numbered items ("1. Inhalt", "2. Navigation")."""
    found: set[int] = set()
    run: list[int] = []
    for i, line in enumerate(lines + [""]):
        item = (_NAV_ITEM.match(line) and len(line.split()) <= NAV_MAX_WORDS
                and not _SENTENCE_END.search(line))
        if item:
            run.append(i)
            continue
        if not line and run:  # blank lines end a run only when the next line is no item
            continue
        if len(run) >= NAV_MIN_RUN:
            found.update(run)
        run = []
    return found


def strip_trailing_teaser(line: str) -> str:
    """Drop a "Vis mer"-style link glued after a paragraph's last sentence.

    >>> strip_trailing_teaser("Ukraina er ikke medlem av Nato. Vis mer")
    'Ukraina er ikke medlem av Nato.'
    """
    r = _rules()
    if not line.lower().endswith(r["trailing_ends"]):  # the cheap test first
        return line
    return r["trailing"].sub("", line)


def _has_lead(words: list[str], first: frozenset[str], leads: frozenset[str]) -> bool:
    if first.isdisjoint(words):  # most lines: one set operation
        return False
    return any(w in leads or (k + 1 < len(words) and f"{w} {words[k + 1]}" in leads)
               for k, w in enumerate(words) if w in first)


def widget(line: str) -> str | None:
    """``prompt`` or ``footer`` for a short line that says what a widget says.

    >>> widget("Melde dich für unseren Newsletter an"), widget("© 2024 Nordavis AS")
    ('prompt', 'footer')
    """
    r = _rules()
    if line.count(" ") >= r["widget_max_words"]:
        return None
    # the one pattern is slow (a hundred phrases tried at every position): a line is
    # searched only when it has a phrase's first two words ("om" is common, "om oss" not)
    if "©" not in line and not _has_lead(_words(line), r["widget_words"], r["widget_leads"]):
        return None
    found = r["widget"].search(line)
    return found.lastgroup if found else None


def is_comment_heading(line: str) -> bool:
    """
    >>> is_comment_heading("12 Kommentare"), is_comment_heading("Kommentarer (3)")
    (True, True)
    >>> is_comment_heading("Kommentaren kom fredag."), is_comment_heading("Comments are closed.")
    (False, True)
    """
    return line.count(" ") < COMMENT_HEADING_WORDS and bool(_rules()["comment_heading"].match(line))


_CLOCK = re.compile(r"(?<![\d.:])(?:[01]?\d|2[0-3])[:.][0-5]\d(?![\d.:])")
_SAYS = re.compile(r"\b(?:says|said|wrote|sagt|schreibt|skriver|skrev|dice|écrit)\s*:?$", re.I)


def is_comment_meta(line: str) -> bool:
    """The line above or below one comment: a name with a date and a time, "X says:",
    a reply link.

    >>> is_comment_meta("photobix 11. Dezember 2012 um 11:07"), is_comment_meta("Kari sier:")
    (True, False)
    >>> is_comment_meta("Reply"), is_comment_meta("Ola Nordmann skriver:")
    (True, True)
    """
    r = _rules()
    n = line.count(" ") + 1
    if n > COMMENT_META_WORDS:
        return False
    low = line.lower().rstrip(" ↓↑→:")
    if low in r["reply_words"]:
        return True
    if _SAYS.search(line):
        return True
    return bool(_CLOCK.search(line)) and find_date(line) is not None


def clean_lines(lines: list[str], headline: int | None = None, by_shape: bool = True
                ) -> tuple[list[str], list[Removed]]:
    """Keep body lines, drop boilerplate and repeated paragraphs; return both.

    ``lines`` are squashed lines; empty ones are dropped silently (they only separate).
    Rules name what is certain (credits, bylines, widgets); ``body.decide`` tells the
    body from the rest of the page by shape; ``headline`` is the headline's line when
    known (see ``body.decide``). ``by_shape=False`` applies the rules only: for text
    that trafilatura already took out of an HTML page.
    """
    nav = nav_runs(lines)
    certain = {}
    for i, line in enumerate(lines):
        reason = line and ("nav_menu" if i in nav else classify(line) or widget(line))
        if reason:
            certain[i] = reason
    decided = body.decide(lines, certain, is_comment_heading, is_comment_meta, headline) \
        if by_shape else certain
    kept: list[str] = []
    removed: list[Removed] = []
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if not line:
            continue
        reason = decided.get(i)
        if reason is None:
            line = strip_trailing_teaser(line)
            key = line.casefold()
            if len(line) >= REPEAT_MIN_CHARS and key in seen:
                reason = "repeated"
            seen.add(key)
        if reason:
            removed.append(Removed(i, line, reason))
        else:
            kept.append(line)
    return kept, removed
