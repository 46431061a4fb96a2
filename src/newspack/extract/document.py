"""The whole per-document work, as one pure function: ``extract(raw, config)``.

No I/O, no clock, no global state beyond cached rules and language models: the same
bytes, metadata and configuration give the same record in any process, which is what
lets the local and cluster engines share it and the cache key on it.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field

from newspack.config import Config
from newspack.extract.clean import Removed, clean_lines, squash
from newspack.extract.datelines import article_start, find_dateline
from newspack.extract.dates import find_date
from newspack.extract.filters import Filter
from newspack.extract.header import read_head
from newspack.extract.language import identify
from newspack.extract.pii import redact
from newspack.extract.quality import signals, words_of
from newspack.extract.signature import signature
from newspack.inputs.decode import DecodeError, decode
from newspack.inputs.htmlpage import MissingExtra, read_page
from newspack.inputs.sidecar import split_known
from newspack.schema import Record

# Bump when a change to extraction can change a record: it keys the incremental cache.
EXTRACTOR_VERSION = "4"  # 4: the general cleaner, titles and datelines of page dumps
_ID_IN_NAME = re.compile(r"^\d+_([0-9a-f]{8,64})\.[A-Za-z0-9]+$")


@dataclass(frozen=True, slots=True)
class RawDoc:
    """One input: its name relative to the source root, its bytes, its metadata (JSON
    fields, sidecar row) and its format (text or html)."""

    source_file: str
    data: bytes
    meta: dict[str, str] | None = None
    fmt: str = "text"


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that did not become a record, and why."""

    id: str
    source_file: str
    reason: str
    detail: str

    def __reduce__(self):  # as a tuple: dataclasses' default reads the field list each time
        return (Rejection, (self.id, self.source_file, self.reason, self.detail))


@dataclass(frozen=True, slots=True)
class Extraction:
    """What ``analyse`` found: the result, the lines it removed (for audits) and the
    record's near-duplicate signature."""

    result: Record | Rejection
    removed: list[Removed] = field(default_factory=list)
    signature: bytes = b""


def doc_id(source_file: str, meta: dict | None = None) -> str:
    """The id a metadata field gives, else the hex part of a ``NNN_<hex>.txt`` name, else a
    hash of the relative path.

    >>> doc_id("seeds/001_eaff4a40da6c1649.txt"), doc_id("a/b.txt")
    ('eaff4a40da6c1649', '5550000d3b1cf1ff')
    >>> doc_id("news.jsonl#3", {"id": "nrk-1"})
    'nrk-1'
    """
    if meta and meta.get("id"):
        return str(meta["id"]).strip()[:200]
    match = _ID_IN_NAME.match(source_file.rsplit("/", 1)[-1])
    if match:
        return match.group(1)
    return hashlib.sha256(source_file.encode()).hexdigest()[:16]


@functools.cache
def _filter(expression: str) -> Filter:
    return Filter(expression)


def _date(head, removed: list[Removed], latest: str, lines: list[str], original: list[str],
          at: int | None) -> tuple[str | None, str | None]:
    """Header wins over byline over title tail over the dateline near the headline (line
    ``at``, else where the article seems to start); a date after ``latest`` is not believed.
    Each source is read only when the ones before it gave nothing."""
    def byline():
        return next((d for r in removed if r.reason == "byline" for d in [find_date(r.text)]
                     if d), None)

    def dateline():
        found = find_dateline(lines, article_start(original) if at is None else at)
        return found and found[1]

    for get, source in ((lambda: head.header_date, "header"), (byline, "byline"),
                        (lambda: head.tail_date, "title"), (dateline, "dateline")):
        date = get()
        if date and not (latest and date[: len(latest)] > latest[: len(date)]):
            return date, source
    return None, None


def _headline_line(head) -> int | None:
    """Where the article starts: its headline in the page, else the title line when the
    text starts with its headline (an article, not a page with a site name in its title)."""
    if head.headline_line is not None:
        return head.headline_line
    if head.title and not any(r.reason == "title_tail" for r in head.removed):
        return next((r.line_no for r in head.removed if r.reason == "title"), None)
    return None


def analyse(raw: RawDoc, config: Config) -> Extraction:
    id_ = doc_id(raw.source_file, raw.meta)
    try:
        decoded = decode(raw.data)
    except DecodeError as e:
        return Extraction(Rejection(id_, raw.source_file, e.reason, e.detail))

    text, meta = decoded.text, dict(raw.meta or {})
    if raw.fmt == "html":
        try:
            page = read_page(text)
        except MissingExtra as e:
            return Extraction(Rejection(id_, raw.source_file, "unsupported", str(e)))
        text, meta = page.text, {**page.meta, **meta}  # given metadata wins over the page's
    lines = [squash(line) for line in text.split("\n")]
    original = list(lines)  # read_head blanks the headline; article_start needs it
    head = read_head(lines)
    at = _headline_line(head)
    body, removed = clean_lines(lines, at, by_shape=raw.fmt != "html")
    removed = sorted(head.removed + removed, key=lambda r: r.line_no)
    text = "\n\n".join(body)
    ex = config.extract
    if len(text) < ex.min_chars:
        detail = f"{len(text)} characters after cleaning, minimum {ex.min_chars}"
        return Extraction(Rejection(id_, raw.source_file, "too_short", detail), removed)

    lang = config.language
    words = words_of(text)
    language = identify(text, lang.languages, lang.min_chars, lang.threshold, words)
    n_pii = 0
    if ex.pii:
        text, counts = redact(text, language.code)
        n_pii = sum(counts.values())
    date, date_source = _date(head, removed, ex.latest_date, lines, original, at)
    known, extra = split_known(meta)
    if known.get("date") and find_date(known["date"]):
        given = "html" if raw.fmt == "html" and "date" not in (raw.meta or {}) else "sidecar"
        date, date_source = find_date(known["date"]), given
    n_repeated = sum(r.reason == "repeated" for r in removed)
    q = signals(text, language.code, len(body) + n_repeated, n_repeated,
                None if n_pii else words)  # redaction changed the words: count them again
    record = Record(
        id=id_,
        text=text,
        title=known.get("title") or head.title,
        date=date,
        date_source=date_source,
        year=int(date[:4]) if date else None,
        language=language.code,
        language_score=language.score,
        other_language_share=language.other_share,
        publisher=known.get("publisher") or head.publisher,
        url=known.get("url"),
        license=known.get("license"),
        source_file=raw.source_file,
        content_sha256=hashlib.sha256(text.encode()).hexdigest(),
        n_chars=len(text),
        n_words=len(text.split()),
        duplicate_of=None,
        encoding=decoded.encoding,
        text_repaired=decoded.repaired,
        boilerplate_lines=sum(r.reason != "title" for r in removed),
        pii_redactions=n_pii,
        mean_word_length=q.mean_word_length,
        punct_line_share=q.punct_line_share,
        repeated_line_share=q.repeated_line_share,
        symbol_share=q.symbol_share,
        stopword_share=q.stopword_share,
        extra=extra,
    )
    if ex.filter and not _filter(ex.filter).keep(record.to_row()):
        return Extraction(Rejection(id_, raw.source_file, "filtered",
                                    f"dropped by extract.filter: {ex.filter}"), removed)
    return Extraction(record, removed, signature(text, config.dedup))


def extract(raw: RawDoc, config: Config) -> Record | Rejection:
    """One input's record, or the reason it has none."""
    return analyse(raw, config).result
