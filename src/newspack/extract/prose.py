"""jusText's classes of text blocks (Pomikálek 2011), for the lines of a text dump.

Each line gets a first class from its length and its share of the language's function
words (jusText's stoplists, shipped inside its wheel): long dense prose is ``good``,
mid-length prose ``neargood``, a short line ``short``, the rest ``bad``. Then context
decides the short and near-good lines: between body lines they are body (a subheading,
a short paragraph), between boilerplate they are boilerplate. Written here because
jusText classifies the blocks of an HTML tree, and a text dump has none; the thresholds
are jusText's defaults.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass

from newspack.extract import rules

LENGTH_LOW = 70  # characters: shorter lines are "short" (jusText's length_low)
LENGTH_HIGH = 200  # longer dense lines are "good" outright (length_high)
STOP_LOW = 0.30  # function-word share of near-good prose (stopwords_low)
STOP_HIGH = 0.32  # of good prose (stopwords_high)
PROSE_RUN_CHARS = 400  # near-good lines in a run of this much prose are good
COMMON_LANGUAGES = ("Danish", "Dutch", "English", "French", "German", "Italian",
                    "Norwegian_Bokmal", "Norwegian_Nynorsk", "Polish", "Portuguese",
                    "Spanish", "Swedish")
COMMON_MIN_SHARE = 0.25  # of a page's distinct words that its language's stoplist covers
TELLING_LANGUAGES = 12  # a function word in more stoplists than this picks none
LIST_RUN = 3  # short lines in a row that are a list, not a heading
LIST_LINE_CHARS = 100  # a list entry (a headline in a "most read" box) is shorter
RUN_ON_WORDS = 30  # words in a block with no sentence end: a list, not prose
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
SENTENCE_END = re.compile(r"[.!?…][\"'»”’)\]]*$")
SENTENCE_STOPS = re.compile(r"[.!?…](?:\s|$)")

@dataclass(slots=True)
class Line:
    index: int  # in the dump's lines
    text: str
    stop_share: float
    cls: str  # good, neargood, short, bad
    reason: str | None = None  # why a bad line is not body


@functools.cache
def stoplist(name: str) -> frozenset[str]:
    """jusText's stoplist of language ``name``, without month names: some stoplists have
    them, and an archive widget ("Januar 2020 (13)") is no prose."""
    import justext

    calendar = {m for names in rules.load("dates")["months"].values() for m in names}
    return frozenset(justext.get_stoplist(name)) - calendar


@functools.cache
def stoplists() -> dict[str, frozenset[str]]:
    """All of jusText's stoplists, by its language names (about a hundred)."""
    import justext

    return {name: stoplist(name) for name in sorted(justext.get_stoplists())}


@functools.cache
def _index() -> tuple[list[str], dict[str, tuple[int, ...]]]:
    """Language names, and for each function word the languages whose stoplist has it."""
    names = sorted(stoplists())
    index: dict[str, list[int]] = {}
    for k, name in enumerate(names):
        for word in stoplists()[name]:
            index.setdefault(word, []).append(k)
    # a word in many stoplists ("a", "de", "in") tells no language apart, and costs most
    return names, {word: tuple(ks) for word, ks in index.items() if len(ks) <= TELLING_LANGUAGES}


def choose_stoplist(words: list[str]) -> frozenset[str]:
    """The stoplist that covers most distinct words of the page: its language's.

    The languages most news pages are in are tried first (a dozen set operations); only a
    page that none of them covers well loads all hundred lists and their inverted index
    (about a second, once a process)."""
    distinct = set(words)
    hits, name = max((len(distinct & stoplist(n)), n) for n in COMMON_LANGUAGES)
    if distinct and hits >= COMMON_MIN_SHARE * len(distinct):
        return stoplist(name)
    names, index = _index()
    counted = Counter(itertools.chain.from_iterable(
        map(index.get, distinct, itertools.repeat(()))))
    if not counted:
        return frozenset()
    best = max(counted.items(), key=lambda kv: (kv[1], names[kv[0]]))[0]
    return stoplists()[names[best]]


def first_class(n_chars: int, stop_share: float, n_words: int = 0, n_stops: int = 1) -> str:
    """jusText's context-free class of a block; a long block without one sentence end
    (a tag cloud, an archive list) is no prose whatever its words.

    >>> first_class(250, 0.4), first_class(120, 0.31), first_class(40, 0.5), first_class(90, 0.1)
    ('good', 'neargood', 'short', 'bad')
    >>> first_class(400, 0.4, n_words=60, n_stops=0)
    'bad'
    """
    if n_chars < LENGTH_LOW:
        return "short"
    if n_words >= RUN_ON_WORDS and not n_stops:
        return "bad"
    if stop_share >= STOP_HIGH:
        return "good" if n_chars > LENGTH_HIGH else "neargood"
    return "neargood" if stop_share >= STOP_LOW else "bad"


def promote_prose_runs(lines: list[Line]) -> None:
    """Near-good lines in a run of prose make it good: news is often written in short
    paragraphs of one or two sentences, none long enough to be good alone. A run goes on
    over short lines that end a sentence and stops at anything else. A page with no good
    line at all (a short article) has its longest run of prose taken as good."""
    run: list[Line] = []
    best: list[Line] = []
    for line in [*lines, None]:
        if line is not None and (line.cls in ("good", "neargood") or (
                line.cls == "short" and SENTENCE_END.search(line.text))):
            run.append(line)
            continue
        prose = [x for x in run if x.cls in ("good", "neargood")]
        size = sum(len(x.text) for x in prose)
        if len(prose) >= 2 and size >= PROSE_RUN_CHARS:
            for x in prose:
                x.cls = "good"
        if size > sum(len(x.text) for x in best):
            best = prose
        run = []
    if not any(x.cls == "good" for x in lines):
        for x in best:
            x.cls = "good"


def _neighbour(lines: list[Line], i: int, step: int, ignore_neargood: bool) -> str:
    """The class of the nearest decided line before (step -1) or after (+1); the page's
    edges count as boilerplate."""
    j = i + step
    while 0 <= j < len(lines):
        c = lines[j].cls
        if lines[j].reason and abs(j - i) == 1:
            pass  # a line a rule named (a credit, a teaser) next to it is no context
        elif c in ("good", "bad") or (c == "neargood" and not ignore_neargood):
            return c
        j += step
    return "bad"


def list_lines(lines: list[Line]) -> set[int]:
    """Positions of lines in runs of ``LIST_RUN`` or more short lines that end no
    sentence: a menu, a link list, a tag cloud, a table of scores; not a subheading."""
    found: set[int] = set()
    run: list[int] = []
    for i, line in enumerate([*lines, None]):
        if line is not None and line.cls != "good" and len(line.text) < LIST_LINE_CHARS \
                and not SENTENCE_END.search(line.text):
            run.append(i)
            continue
        if len(run) >= LIST_RUN:
            found.update(run)
        run = []
    return found


def revise(lines: list[Line]) -> None:
    """jusText's context-sensitive pass: short, then near-good lines take their class
    from their neighbours. A list of short lines stays boilerplate: jusText's context
    rule is for a heading or a short paragraph between body blocks, not for a menu."""
    short = {}
    listed = list_lines(lines)
    for i, line in enumerate(lines):
        if line.cls != "short":
            continue
        if i in listed:
            short[i] = "bad"
            continue
        prev, nxt = _neighbour(lines, i, -1, True), _neighbour(lines, i, 1, True)
        if prev == nxt:
            short[i] = prev
        elif (prev == "bad" and _neighbour(lines, i, -1, False) == "neargood") or (
                nxt == "bad" and _neighbour(lines, i, 1, False) == "neargood"):
            short[i] = "good"
        else:  # between body and boilerplate: body only if it reads as a sentence
            short[i] = "good" if SENTENCE_END.search(line.text) and line.stop_share else "bad"
    for i, c in short.items():
        lines[i].cls = c
    near = {}
    for i, line in enumerate(lines):
        if line.cls == "neargood" and i in listed:
            near[i] = "bad"
        elif line.cls == "neargood":
            pair = (_neighbour(lines, i, -1, True), _neighbour(lines, i, 1, True))
            near[i] = "bad" if pair == ("bad", "bad") else "good"
    for i, c in near.items():
        lines[i].cls = c
