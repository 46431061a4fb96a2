"""One input file to the units it holds: itself, the lines of a JSONL file, the objects of a
JSON file, the members of an archive, the content of a compressed file.

Every unit comes out either with its bytes or with the reason it has none, so each ends
as one record or one rejection. Reading is streamed and bounded: nothing larger than
``max_input_bytes`` is held in memory, whatever a header claims, and archives are checked
against decompression bombs (ratio and total size).
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import os
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from newspack.config import InputConfig
from newspack.inputs.htmlpage import is_html
from newspack.inputs.sources import InputFile

COMPRESSED = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}
ARCHIVES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")
JSON_LINES = (".jsonl", ".ndjson")
CHUNK = 1 << 20


def _read_errors() -> tuple[type[BaseException], ...]:
    errors = [OSError, EOFError, ValueError, zipfile.BadZipFile, tarfile.TarError,
              lzma.LZMAError]
    try:
        import zstandard

        errors.append(zstandard.ZstdError)
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


READ_ERRORS = _read_errors()  # what a damaged or unreadable input can raise


@dataclass(frozen=True, slots=True)
class Unit:
    """One would-be record: its name (source_file), bytes, metadata and format; or, when
    it cannot be read, the rejection reason and detail instead of bytes."""

    rel: str
    data: bytes | None
    meta: dict[str, str] | None = None
    fmt: str = "text"  # text | html
    error: tuple[str, str] | None = None


class TooLarge(Exception):
    pass


def _read_limited(f, limit: int) -> bytes:
    """Read a stream whole, but never more than ``limit`` bytes (then TooLarge)."""
    buf = io.BytesIO()
    while True:
        chunk = f.read(min(CHUNK, limit + 1 - buf.tell()))
        if not chunk:
            return buf.getvalue()
        buf.write(chunk)
        if buf.tell() > limit:
            raise TooLarge(f"more than {limit} bytes (limit extract.max_input_bytes)")


def _zstd_open(f):
    try:
        import zstandard
    except ImportError:  # pragma: no cover - zstandard is a dependency
        raise OSError("reading .zst needs the zstandard package") from None
    return zstandard.ZstdDecompressor().stream_reader(f)


def _suffixes(name: str) -> tuple[str, str]:
    """(compression suffix or "", the name without it), lowercased.

    >>> _suffixes("a/news.JSONL.gz"), _suffixes("x.tar.gz"), _suffixes("b.txt")
    (('.gz', 'a/news.jsonl'), ('', 'x.tar.gz'), ('', 'b.txt'))
    """
    low = name.lower()
    if low.endswith(ARCHIVES):
        return "", low
    for suffix in (*COMPRESSED, ".zst"):
        if low.endswith(suffix):
            return suffix, low[: -len(suffix)]
    return "", low


def _json_units(rel: str, objects: Iterator[tuple[int, object]], cfg: InputConfig,
                limit: int) -> Iterator[Unit]:
    for n, obj in objects:
        name = f"{rel}#{n}"
        if isinstance(obj, Exception):
            yield Unit(name, None, error=("undecodable", f"line {n}: {obj}"))
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get(cfg.text_field), str):
            yield Unit(name, None, error=("no_text", f"no string field '{cfg.text_field}' "
                                          "(set input.text_field)"))
            continue
        text = obj[cfg.text_field].encode("utf-8")
        if len(text) > limit:
            yield Unit(name, None, error=("too_large", f"{len(text)} bytes of text"))
            continue
        meta = {k: str(v) for k, v in sorted(obj.items())
                if k != cfg.text_field and isinstance(v, str | int | float) and v != ""}
        if cfg.id_field in obj and cfg.id_field != "id":
            meta["id"] = str(obj[cfg.id_field])
        yield Unit(name, text, meta or None)


def _jsonl_objects(f, limit: int) -> Iterator[tuple[int, object]]:
    """Parsed lines, one at a time; a line longer than ``limit`` is skipped, not held."""
    n = 0
    while True:
        line = f.readline(limit + 1)
        if not line:
            return
        n += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := f.readline(CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield n, ValueError(f"line longer than {limit} bytes")
            continue
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            yield n, ValueError(f"not valid JSON ({e})")


def _from_stream(rel: str, inner: str, f, cfg: InputConfig, limit: int) -> Iterator[Unit]:
    """Units of one (already decompressed) stream named ``inner``."""
    if inner.endswith(JSON_LINES):
        yield from _json_units(rel, _jsonl_objects(f, limit), cfg, limit)
        return
    data = _read_limited(f, limit)
    if inner.endswith(".json"):
        try:
            doc = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            yield Unit(rel, None, error=("undecodable", f"not valid JSON ({e})"))
            return
        objects = doc if isinstance(doc, list) else [doc]
        yield from _json_units(rel, enumerate(objects, 1), cfg, limit)
        return
    yield Unit(rel, data, fmt="html" if is_html(inner) else "text")


def _archive_units(item: InputFile, f, cfg: InputConfig, limit: int) -> Iterator[Unit]:
    """Members of a zip or tar archive, each checked before it is read."""
    total = 0
    name = item.rel.lower()
    if name.endswith(".zip"):
        with zipfile.ZipFile(f) as z:
            members = [(i.filename, i.file_size, i.compress_size, i.is_dir(), False,
                        lambda i=i: z.open(i)) for i in z.infolist()]
            yield from _members(item, members, cfg, limit, total)
        return
    with tarfile.open(fileobj=f, mode="r:*") as t:
        members = [(m.name, m.size, m.size, m.isdir(), m.issym() or m.islnk(),
                    lambda m=m: t.extractfile(m)) for m in t.getmembers()]
        yield from _members(item, members, cfg, limit, total)


def _members(item, members, cfg: InputConfig, limit: int, total: int) -> Iterator[Unit]:
    for name, size, packed, is_dir, is_link, opener in members:
        rel = f"{item.rel}!/{name.lstrip('/')}"
        if is_dir or name.rsplit("/", 1)[-1].startswith("."):
            continue
        if is_link:
            yield Unit(rel, None, error=("symlink", "archive member is a link: not followed"))
            continue
        if _suffixes(name)[1].endswith(ARCHIVES):
            yield Unit(rel, None, error=("nested_archive", "archives inside archives are "
                                         "not opened"))
            continue
        if packed and size / packed > cfg.max_compression_ratio:
            yield Unit(rel, None, error=("decompression_bomb", f"ratio {size / packed:.0f} > "
                                         f"input.max_compression_ratio"))
            continue
        if total + size > cfg.max_archive_bytes:
            yield Unit(rel, None, error=("archive_too_large", "archive holds more than "
                                         "input.max_archive_bytes"))
            continue
        total += size
        try:
            with opener() as member:
                compression, inner = _suffixes(name)
                stream = _decompressing(compression, member)
                yield from _from_stream(rel, inner, stream, cfg, limit)
        except TooLarge as e:
            yield Unit(rel, None, error=("too_large", str(e)))
        except READ_ERRORS as e:
            yield Unit(rel, None, error=("unreadable", f"{type(e).__name__}: {e}"))


def _decompressing(compression: str, f):
    if not compression:
        return f
    if compression == ".zst":
        return _zstd_open(f)
    return COMPRESSED[compression](f)


def _open(item: InputFile):
    if item.fs is not None:
        return item.fs.open(item.path, "rb")
    return open(item.path, "rb")


def read_units(item: InputFile, cfg: InputConfig, limit: int) -> Iterator[Unit]:
    """Every unit of one input file, in file order."""
    if item.skip is not None:
        yield Unit(item.rel, None, error=item.skip)
        return
    compression, inner = _suffixes(item.rel)
    try:
        if not compression and not inner.endswith(ARCHIVES + JSON_LINES):
            size = item.fs.size(item.path) if item.fs is not None else \
                os.path.getsize(item.path)
            if size > limit:  # judged by its size: never read
                yield Unit(item.rel, None, error=("too_large", f"{size} bytes, limit "
                                                  f"extract.max_input_bytes = {limit}"))
                return
        with _open(item) as raw:
            if inner.endswith(ARCHIVES):
                yield from _archive_units(item, raw, cfg, limit)
                return
            with _decompressing(compression, raw) as f:
                yield from _from_stream(item.rel, inner, f, cfg, limit)
    except TooLarge as e:
        yield Unit(item.rel, None, error=("too_large", str(e)))
    except READ_ERRORS as e:
        yield Unit(item.rel, None, error=("unreadable", f"{type(e).__name__}: "
                                          f"{getattr(e, 'strerror', None) or e}"))
