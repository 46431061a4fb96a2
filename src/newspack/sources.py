"""Which files are inputs: folders (recursive), globs and single files, in a stable order.

Every input is named by its path relative to its source root, so ids, manifests and
outputs do not depend on where the sources lie.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError


@dataclass(frozen=True, slots=True)
class InputFile:
    root: str  # absolute folder the input is relative to
    rel: str  # POSIX path relative to root: source_file in records

    @property
    def path(self) -> str:
        return os.path.join(self.root, self.rel)


def _hidden(rel: str) -> bool:
    return any(part.startswith(".") for part in rel.split("/"))


def _walk(root: Path) -> Iterator[str]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(folder, name).relative_to(root).as_posix()


def list_inputs(sources: list[str] | tuple[str, ...]) -> list[InputFile]:
    """All inputs of ``sources``, sorted by relative path within each source.

    Hidden files and folders (a name starting with ".") are not inputs.
    """
    if not sources:
        raise UsageError("no SOURCE given (name a folder, file or glob, or set build.sources "
                         "in newspack.toml)")
    found: list[InputFile] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            root = path.resolve()
            found.extend(InputFile(str(root), rel) for rel in sorted(_walk(root)))
        elif path.is_file():
            found.append(InputFile(str(path.resolve().parent), path.name))
        elif glob.has_magic(source):
            base = Path(source.split("*")[0].split("?")[0].split("[")[0])
            root = (base if source.endswith(os.sep) or base.is_dir() else base.parent).resolve()
            matches = sorted(Path(m).resolve() for m in glob.glob(source, recursive=True))
            rels = [m.relative_to(root).as_posix() for m in matches if m.is_file()]
            found.extend(InputFile(str(root), rel) for rel in sorted(rels) if not _hidden(rel))
        else:
            raise UsageError(f"{source}: source not found (expected a folder, a file or a glob)")
    return found
