"""The whole per-document work, as one pure function: ``extract(raw, config)``.

No I/O, no clock, no global state beyond cached rules and language models: the same
bytes and configuration give the same record in any process, which is what lets the
local and cluster engines share it and the cache key on it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .clean import Removed, clean_lines, squash
from .config import Config
from .dates import find_date
from .decode import DecodeError, decode
from .header import read_head
from .language import identify
from .schema import Record

# Bump when a change to extraction can change a record: it keys the incremental cache.
EXTRACTOR_VERSION = "1"
_ID_IN_NAME = re.compile(r"^\d+_([0-9a-f]{8,64})\.[A-Za-z0-9]+$")


@dataclass(frozen=True, slots=True)
class RawDoc:
    """One input: its path relative to the source root and its bytes."""

    source_file: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that did not become a record, and why."""

    id: str
    source_file: str
    reason: str
    detail: str


@dataclass(frozen=True, slots=True)
class Extraction:
    """What ``analyse`` found: the result, and the lines it removed (for ``inspect``)."""

    result: Record | Rejection
    removed: list[Removed] = field(default_factory=list)


def doc_id(source_file: str) -> str:
    """The hex part of a ``NNN_<hex>.txt`` name, else a hash of the relative path.

    >>> doc_id("seeds/001_eaff4a40da6c1649.txt"), doc_id("a/b.txt")
    ('eaff4a40da6c1649', '5550000d3b1cf1ff')
    """
    match = _ID_IN_NAME.match(source_file.rsplit("/", 1)[-1])
    if match:
        return match.group(1)
    return hashlib.sha256(source_file.encode()).hexdigest()[:16]


def analyse(raw: RawDoc, config: Config) -> Extraction:
    doc_id_ = doc_id(raw.source_file)
    try:
        decoded = decode(raw.data)
    except DecodeError as e:
        return Extraction(Rejection(doc_id_, raw.source_file, e.reason, e.detail))

    lines = [squash(line) for line in decoded.text.split("\n")]
    head = read_head(lines)
    body, removed = clean_lines(lines)
    removed = sorted(head.removed + removed, key=lambda r: r.line_no)
    text = "\n\n".join(body)
    if len(text) < config.extract.min_chars:
        detail = f"{len(text)} characters after cleaning, minimum {config.extract.min_chars}"
        return Extraction(Rejection(doc_id_, raw.source_file, "too_short", detail), removed)

    byline_date = next((d for r in removed if r.reason == "byline"
                        for d in [find_date(r.text)] if d), None)
    date = head.header_date or byline_date or head.tail_date
    lang = config.language
    language, score = identify(text, lang.languages, lang.min_chars, lang.threshold)
    record = Record(
        id=doc_id_,
        text=text,
        title=head.title,
        date=date,
        year=int(date[:4]) if date else None,
        language=language,
        language_score=score,
        publisher=head.publisher,
        url=None,
        license=None,
        source_file=raw.source_file,
        content_sha256=hashlib.sha256(text.encode()).hexdigest(),
        n_chars=len(text),
        n_words=len(text.split()),
        duplicate_of=None,
        encoding=decoded.encoding,
        text_repaired=decoded.repaired,
        boilerplate_lines=sum(r.reason != "title" for r in removed),
    )
    return Extraction(record, removed)


def extract(raw: RawDoc, config: Config) -> Record | Rejection:
    """One input's record, or the reason it has none."""
    return analyse(raw, config).result
