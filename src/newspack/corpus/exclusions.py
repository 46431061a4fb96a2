"""Removal on request: the ``[exclude]`` rules, and the inputs they match turned into
rejections with reason ``excluded``.

A publisher that asks for its articles to be taken out names them by publisher, url, id
or source path. The rules are applied after extraction, to the record's fields and the
input's source name, so the extraction cache stays valid when a rule is added; inputs
carried over from the previous version are checked again (``uncarry``). What is excluded
leaves nothing in the data, the signatures or the audit: only its rejection, naming the
rule that matched, in ``rejects.jsonl`` (inputs = records + rejections).

A rules file (``exclude.file``) holds one rule a line, ``kind: pattern``; blank lines
and lines starting with ``#`` are skipped::

    # NRK asked on 2024-03-01
    publisher: NRK
    url: https://example.com/2019/*
    id: 7b17a11f50f85528
    source: 2019/*

``publisher`` is the record's publisher, exactly but for case; ``url`` and ``source`` are
globs (fnmatch; ``*`` also crosses ``/``) on the record's url and on the source path
relative to the source root; ``id`` is the record's id. A rejected input is checked by
its id and source.
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from newspack.engines.cache import Outcome
from newspack.errors import UsageError
from newspack.extract.document import Rejection
from newspack.store import carry
from newspack.store.diff import data_files

REASON = "excluded"
KINDS = ("id", "source", "url", "publisher")  # the order rules are tried in
KEYS = {"ids": "id", "sources": "source", "urls": "url", "publishers": "publisher"}


def _globs(patterns: list[str]) -> re.Pattern | None:
    """One regular expression for a list of globs: a fast no for the usual record."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns))


@dataclass(frozen=True)
class Rules:
    """The rules, unique, in a canonical order: the order they are written in, and which
    list they come from, change neither the configuration hash nor what matches.

    >>> r = Rules.of([("publisher", "NRK"), ("url", "https://x.no/2019/*")])
    >>> r.match("a1", "a.txt", publisher="nrk"), r.match("a1", "a.txt", url="https://x.no/2019/1")
    ('publisher: NRK', 'url: https://x.no/2019/*')
    >>> r.match("a1", "a.txt", publisher="NRK Sport", url="https://x.no/2020/1") is None
    True
    """

    rules: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> Rules:
        return cls(tuple(sorted(set(pairs), key=lambda kp: (KINDS.index(kp[0]), kp[1]))))

    def __bool__(self) -> bool:
        return bool(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def texts(self) -> list[str]:
        return [f"{kind}: {pattern}" for kind, pattern in self.rules]

    def sha256(self) -> str:
        return hashlib.sha256(json.dumps(self.texts(), ensure_ascii=False).encode()).hexdigest()

    def kinds(self) -> set[str]:
        return {kind for kind, _ in self.rules}

    @functools.cached_property
    def _index(self) -> tuple[dict, dict, dict]:
        exact: dict[str, dict[str, str]] = {"id": {}, "publisher": {}}
        globs: dict[str, list[str]] = {"source": [], "url": []}
        for kind, pattern in self.rules:
            if kind in exact:
                key = pattern.casefold() if kind == "publisher" else pattern
                exact[kind].setdefault(key, pattern)
            else:
                globs[kind].append(pattern)
        return exact, globs, {k: _globs(v) for k, v in globs.items()}

    def match(self, id_: str, source: str, publisher: str | None = None,
              url: str | None = None) -> str | None:
        """The first rule (in KINDS order) that the document matches, as ``kind: pattern``."""
        exact, globs, any_glob = self._index
        values = {"id": id_, "source": source, "url": url,
                  "publisher": publisher.strip().casefold() if publisher else None}
        for kind in KINDS:
            value = values[kind]
            if value is None:
                continue
            if kind in exact:
                if value in exact[kind]:
                    return f"{kind}: {exact[kind][value]}"
            elif any_glob[kind] is not None and any_glob[kind].match(value):
                pattern = next(p for p in globs[kind] if fnmatch.fnmatchcase(value, p))
                return f"{kind}: {pattern}"
        return None


def _rule(kind: str, pattern: str, where: str) -> tuple[str, str]:
    pattern = pattern.strip()
    if not pattern:
        raise UsageError(f"{where}: an empty {kind} rule matches nothing; remove it")
    return kind, pattern


def parse(text: str, name: str) -> list[tuple[str, str]]:
    """The rules of a rules file; a line that is not one is a usage error naming it.

    >>> parse("# asked 2024\\npublisher: NRK\\n\\nurl: https://x.no/*", "x.txt")
    [('publisher', 'NRK'), ('url', 'https://x.no/*')]
    """
    found = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        kind, colon, pattern = line.partition(":")
        if not colon or kind.strip() not in KINDS:
            raise UsageError(f"{name}:{n}: expected 'KIND: PATTERN' with KIND one of "
                             f"{', '.join(KINDS)}, got {line!r}")
        found.append(_rule(kind.strip(), pattern, f"{name}:{n}"))
    return found


@functools.lru_cache(maxsize=8)
def _read(path: str, _stamp: tuple[int, int]) -> tuple[tuple[str, str], ...]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path}: exclusion rules must be UTF-8 text") from None
    return tuple(parse(text, path))


def load(exclude, origin: str = "config") -> Rules:
    """The rules of an ``ExcludeConfig``: its lists and its file (read once per change)."""
    pairs = [_rule(kind, p, f"{origin}: exclude.{key}")
             for key, kind in KEYS.items() for p in getattr(exclude, key)]
    if exclude.file:
        path = Path(exclude.file)
        try:
            st = path.stat()
        except OSError:
            raise UsageError(f"{origin}: exclude.file: {path} not found") from None
        pairs += _read(str(path), (st.st_mtime_ns, st.st_size))
    return Rules.of(pairs)


def _checked(o: Outcome, rules: Rules) -> Outcome:
    r = o.result
    rule = rules.match(r.id, o.source_file, getattr(r, "publisher", None),
                       getattr(r, "url", None))
    if rule is None:
        return o
    return Outcome(o.source_file, o.sha256, o.size, Rejection(r.id, o.source_file, REASON, rule))


def apply(results: Iterable[Outcome], rules: Rules) -> Iterable[Outcome]:
    """Outcomes in order, those a rule matches as rejections (without their removed lines:
    the audit would keep the excluded text's lines)."""
    return (_checked(o, rules) for o in results) if rules else results


def uncarry(carried: carry.Carried, item_units: list, old: dict | None,
            prev_dir: Path | None, rules: Rules) -> carry.Carried:
    """``carried`` without the inputs to check against the rules anew, when they changed:
    those a rule now matches, and those an earlier rule excluded. They are read again (the
    extraction cache still holds them), each file whole, as carrying takes it."""
    if not carried or old is None or prev_dir is None:
        return carried
    before = (old.get("config", {}).get("exclude") or {}).get("sha256", "")
    if before == (rules.sha256() if rules else ""):
        return carried
    names = carried.keys()
    again = set(excluded(prev_dir)) & names
    again |= {name for name, id_ in carried.pairs() if rules.match(id_, name)}
    if rules.kinds() & {"publisher", "url"}:
        again |= _matching_records(prev_dir, names, rules)
    if not again:
        return carried
    dropped = set()
    for units in item_units:
        names = [name for name, _ in units]
        if again.intersection(names):
            dropped.update(names)
    return carried.without(dropped)


def _matching_records(prev_dir: Path, names: set[str], rules: Rules) -> set[str]:
    """Published records among ``names`` that a rule matches by publisher or url (read
    from four columns of the old shards)."""
    found = set()
    for path in data_files(prev_dir):
        table = pq.read_table(path, columns=["id", "source_file", "publisher", "url"])
        for id_, source, publisher, url in zip(*(table.column(c).to_pylist()
                                                 for c in table.column_names), strict=True):
            if source in names and rules.match(id_, source, publisher, url):
                found.add(source)
    return found


def counted(counts: dict[str, int]) -> str:
    """Documents per rule, said briefly."""
    if len(counts) == 1:
        return f"under `{next(iter(counts))}`"
    return "(" + ", ".join(f"{n} under `{rule}`" for rule, n in sorted(counts.items())) + ")"


def record_sources(version_dir: Path) -> set[str]:
    """The source names of a version's records (one column of its shards)."""
    return {s for path in data_files(version_dir)
            for s in pq.read_table(path, columns=["source_file"]).column(0).to_pylist()}


def excluded(version_dir: Path) -> dict[str, str]:
    """source -> rule, for a version's inputs excluded on request."""
    path = version_dir / "rejects.jsonl"
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
    return {r["source"]: r["detail"] for r in rows if r["reason"] == REASON}


def note(summary: str, rejects: list[dict], prev_dir: Path | None) -> tuple[str, dict]:
    """The version's summary with what was taken out on request, and the changelog entry's
    ``removed_on_request`` (rule -> documents the previous version had), when any.

    >>> note("first version: 4 documents", [{"source": "a", "reason": "excluded",
    ...                                       "detail": "id: 1"}], None)[0]
    'first version: 4 documents; excluded on request: 1 input under `id: 1`'
    """
    mine = [r for r in rejects if r["reason"] == REASON]
    earlier = bool(mine and prev_dir)
    published = record_sources(prev_dir) if earlier else set()
    before = set(carry.rejections(prev_dir, {r["source"] for r in mine})) if earlier else set()
    removed, new = Counter(), Counter()
    for r in mine:
        if r["source"] in published:
            removed[r["detail"]] += 1
        elif r["source"] not in before:  # (rejected before: nothing changes for a reader)
            new[r["detail"]] += 1
    parts = [summary]
    if removed:
        n = sum(removed.values())
        parts.append(f"removed on request: {n} document{'s' * (n != 1)} {counted(removed)}")
    if new:
        n = sum(new.values())
        label = "new input" if prev_dir else "input"
        parts.append(f"excluded on request: {n} {label}{'s' * (n != 1)} {counted(new)}")
    return "; ".join(parts), ({"removed_on_request": dict(sorted(removed.items()))}
                              if removed else {})
