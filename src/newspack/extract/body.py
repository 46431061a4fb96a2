"""Telling an article's body from the rest of a page, by what the text itself shows.

A naive scrape keeps everything a page shows: menus, sidebars, related links, comment
threads, share widgets, newsletter boxes, footers. No list of phrases names them all,
so the lines are read by shape: ``prose`` gives each line jusText's class (good,
near-good, short, bad); here the body is found as one run of good lines, grown over the
plain sentences at its edges, cut where a comment thread begins, and every other line
is named (``menu``, ``page_header``, ``link_list``, ``sidebar``, ``footer``,
``comment``, ``non_prose``).
"""

from __future__ import annotations

from collections.abc import Callable, Container

from newspack.extract.prose import (
    LENGTH_LOW,
    LIST_LINE_CHARS,
    SENTENCE_END,
    SENTENCE_STOPS,
    Line,
    choose_stoplist,
    first_class,
    promote_prose_runs,
    revise,
)
from newspack.extract.quality import words_of

PAGE_SIGNS = 3  # short lines ending no sentence: fewer, and the text is an article already
STOPLIST_SAMPLE_LINES = 3  # the longest lines tell the page's language
WIDEN_STOP = 0.1  # function-word share of a line the body grows over
WIDEN_WORDS = 8  # or words in it when it ends no sentence
GAP_LINES = 6  # boilerplate lines that separate two runs of body
COMMENT_LINES = 8  # at most this many lines from one comment's header to the next's
COMMENTS_AFTER = 250  # characters of body before a comment heading can end the article
MINOR_RUN = 0.25  # a run with less than this share of the main run's text is left out


def runs(lines: list[Line]) -> list[tuple[int, int, int]]:
    """(first, last, characters) of each run of body lines: runs are split where
    ``GAP_LINES`` lines that are neither body nor a plain sentence come in a row."""
    found: list[tuple[int, int, int]] = []
    start = last = None
    size = gap = 0
    for i, line in enumerate(lines):
        if line.cls != "good":
            gap += not _sentence(line)
            if start is not None and gap >= GAP_LINES:
                found.append((start, last, size))
                start, size = None, 0
            continue
        if start is None:
            start = i
        last, gap = i, 0
        size += len(line.text)
    if start is not None:
        found.append((start, last, size))
    return found


def body_span(lines: list[Line], headline: int | None = None) -> tuple[int, int] | None:
    """First and last position (in ``lines``) of the body: the largest run, widened to
    the runs next to it that are not minor. When the headline's line is known, the first
    run below it that is not minor is the body (teasers further down can be longer)."""
    found = runs(lines)
    if not found:
        return None
    main = max(range(len(found)), key=lambda k: (found[k][2], -k))
    if headline is not None:
        below = [k for k, run in enumerate(found) if lines[run[0]].index > headline
                 and run[2] >= MINOR_RUN * found[main][2]]
        main = below[0] if below else main
    keep = [k for k, run in enumerate(found) if run[2] >= MINOR_RUN * found[main][2]]
    lo = hi = main
    while lo - 1 in keep:
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    return found[lo][0], found[hi][1]


def _in_short_run(lines: list[Line], k: int, reasons: dict[int, str]) -> bool:
    """Whether line ``k`` is one of three or more short boilerplate lines in a row that
    end no sentence: a menu, a link list, a tag cloud."""
    def short(j: int) -> bool:
        return (0 <= j < len(lines) and lines[j].cls == "bad"
                and len(lines[j].text) < LIST_LINE_CHARS and lines[j].index not in reasons
                and not SENTENCE_END.search(lines[j].text))

    if not short(k):
        return False
    lo = hi = k
    while short(lo - 1):
        lo -= 1
    while short(hi + 1):
        hi += 1
    return hi - lo + 1 >= 3


def _sentence(line: Line) -> bool:
    """A plain sentence that no rule named (body text too weak to be good alone)."""
    return line.reason is None and line.stop_share >= WIDEN_STOP and bool(
        SENTENCE_END.search(line.text))


def _prose(line: Line) -> bool:
    """A sentence, or a clause long enough to be one, with some of the language's words."""
    return line.reason is None and line.stop_share >= WIDEN_STOP and (
        bool(SENTENCE_END.search(line.text)) or line.text.count(" ") >= WIDEN_WORDS)


def widen(items: list[Line], lo: int, hi: int, end: int) -> tuple[int, int]:
    """The body span grown over the sentences right before and after it (a lead, a last
    paragraph too short or too plain to be good alone); it stops at anything else."""
    while lo > 0 and _prose(items[lo - 1]):
        lo -= 1
    while hi + 1 < end and _prose(items[hi + 1]):
        hi += 1
    return lo, hi


def _back_to(items: list[Line], lo: int, headline: int, certain: dict[int, str]) -> int:
    """The body's first line grown back to the headline, over lines rules named and any
    other line but a list of short ones."""
    k = lo - 1
    while k >= 0 and items[k].index > headline:
        if not items[k].reason:
            if _in_short_run(items, k, certain):
                break
            lo = k
        k -= 1
    while items[lo].index < headline:
        lo += 1
    return lo


def comments_start(items: list[Line], body_start: int, is_heading: Callable[[str], bool],
                   is_meta: Callable[[str], bool]) -> int:
    """Where the comment thread begins (``len(items)`` when there is none): at its
    heading, or at the first of two comment lines close together (a name and a time
    above each comment, a reply link below), once the body has begun."""
    seen, last_meta = 0, None
    for k in range(body_start, len(items)):
        x = items[k]
        if seen >= COMMENTS_AFTER:
            if is_heading(x.text):
                return k
            if is_meta(x.text):
                if last_meta is not None and k - last_meta <= COMMENT_LINES:
                    return last_meta
                last_meta = k
        seen += len(x.text) if x.cls == "good" else 0
    return len(items)


def is_page(lines: list[str], skip: Container[int] = ()) -> bool:
    """Whether ``lines`` show a page around an article: ``PAGE_SIGNS`` short lines that end
    no sentence (menu items, list entries, comment headers), lines in ``skip`` aside.

    >>> is_page(["Home", "News", "Sport", "Putin met Erdogan in Sochi on Monday."])
    True
    >>> is_page(["Putin met Erdogan.", "They spoke for three hours, the Kremlin said."])
    False
    """
    signs = 0
    for i, line in enumerate(lines):
        if line and len(line) < LENGTH_LOW and i not in skip and not SENTENCE_END.search(line):
            signs += 1
            if signs >= PAGE_SIGNS:
                return True
    return False


def decide(lines: list[str], certain: dict[int, str], is_comment_heading: Callable[[str], bool],
           is_comment_meta: Callable[[str], bool], headline: int | None = None) -> dict[int, str]:
    """The reason for every non-empty line of ``lines`` that is not body.

    ``headline`` is the line of the article's headline when it is known: nothing before it
    is body, and what stands between it and the body (a lead, a short first paragraph)
    is body unless it is a list of short lines.

    ``certain`` holds the lines a rule already named (credits, bylines, widgets); they
    are boilerplate here too. A page with no body-like line at all (a short article, a
    single paragraph) keeps every line no rule named: too little text to judge by shape.
    So does a text with fewer than ``PAGE_SIGNS`` short lines that end no sentence: with
    no menu, list or comment header in it, it is an article already (and most inputs of
    a news corpus are; this keeps the cleaner cheap for them).
    """
    if not is_page(lines, certain):
        return dict(certain)
    words = {i: words_of(line) for i, line in enumerate(lines) if line}
    longest = sorted(words, key=lambda i: (-len(lines[i]), i))[:STOPLIST_SAMPLE_LINES]
    stop = choose_stoplist([w for i in longest for w in words[i]])
    items = []
    for i, ws in words.items():
        share = sum(map(stop.__contains__, ws)) / len(ws) if ws else 0.0
        cls = "bad" if i in certain else first_class(len(lines[i]), share, len(ws),
                                                      len(SENTENCE_STOPS.findall(lines[i])))
        items.append(Line(i, lines[i], share, cls, certain.get(i)))
    promote_prose_runs(items)
    reasons = dict(certain)
    found = runs(items)
    if not found:
        return reasons
    first = next((run[0] for run in found if run[2] >= COMMENTS_AFTER), found[0][0])
    cut = comments_start(items, first, is_comment_heading, is_comment_meta)
    for x in items[cut:]:
        reasons.setdefault(x.index, "comment")
    revise(items[:cut])  # the comments are no context for the article
    lo, hi = widen(items, *(body_span(items[:cut], headline) or (first, first)), cut)
    if headline is not None and headline < items[lo].index:  # one after the body: a repeat
        lo = _back_to(items, lo, headline, certain)
    if all(x.reason or not _in_short_run(items, k, certain)
           for k, x in enumerate(items[hi + 1:cut], hi + 1)):
        hi = cut - 1  # nothing but sentences and named lines follow: the body goes on
    for k, x in enumerate(items[:cut]):
        if x.index in reasons or (lo <= k <= hi and (x.cls == "good" or not _in_short_run(
                items, k, certain))):
            continue  # inside the body, only rules and link lists remove a line
        if x.cls == "good":
            reasons[x.index] = "sidebar"
        elif k < lo:
            reasons[x.index] = "menu" if _in_short_run(items, k, certain) else "page_header"
        elif k > hi:
            reasons[x.index] = "link_list" if _in_short_run(items, k, certain) else "footer"
        else:
            reasons[x.index] = "link_list" if _in_short_run(items, k, certain) else "non_prose"
    return reasons
