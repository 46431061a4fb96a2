"""What pushing cannot take back: documents removed on request stay in earlier revisions.

A new version drops the documents a publisher asked to be removed (``[exclude]``), but
every commit and tag already on the Hub still serves them. ``newspack push`` says so,
naming the versions that hold them, so that whoever publishes can delete those tags and
squash the history (``HfApi.delete_tag``, ``HfApi.super_squash_history``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newspack.corpus.exclusions import counted, excluded, record_sources
from newspack.store import versions


@dataclass(frozen=True)
class Removal:
    version: str  # the version that took the documents out
    rules: dict[str, int]  # rule -> documents it took out
    held_by: tuple[str, ...]  # earlier versions that hold at least one of them


def removals(out: Path) -> list[Removal]:
    """Every version that removed documents on request that an earlier version had, oldest
    first (a document excluded again after it came back counts again)."""
    holders: dict[str, list[str]] = {}  # source -> versions that had it as a record
    pending: set[str] = set()  # held by some version, not excluded since
    found = []
    for version in versions.version_dirs(out):
        vdir = out / versions.VERSIONS / version
        rules: dict[str, int] = {}
        held: set[str] = set()
        for source, rule in sorted(excluded(vdir).items()):
            if source in pending:
                pending.discard(source)
                rules[rule] = rules.get(rule, 0) + 1
                held.update(holders[source])
        if rules:
            found.append(Removal(version, dict(sorted(rules.items())),
                                 tuple(sorted(held, key=versions.parse_version))))
        for source in record_sources(vdir):
            holders.setdefault(source, []).append(version)
            pending.add(source)
    return found


def warnings(out: Path, on_hub: set[str]) -> list[str]:
    """One line per removal whose documents some version on the Hub (``on_hub``: version
    numbers, with or without the ``v``) still holds."""
    hub = {v.removeprefix("v") for v in on_hub}
    lines = []
    for r in removals(out):
        still = [f"v{v}" for v in r.held_by if v in hub]
        if not still:
            continue
        n = sum(r.rules.values())
        lines.append(f"warning: v{r.version} removed {n} document{'s' * (n != 1)} on request "
                     f"{counted(r.rules)}, but earlier revisions on the Hub still hold "
                     f"{'them' if n != 1 else 'it'}: {', '.join(still)} (delete those tags "
                     "and squash the history to take them down: HfApi.delete_tag, "
                     "HfApi.super_squash_history)")
    return lines
