"""Which files are inputs: folders (recursive), globs, single files and fsspec URLs, in a
stable order, each named by its path relative to its source root.

Symlinked files that stay inside the source root are read; symlinks that leave it,
dangle or loop, and symlinked folders, are not followed, and each becomes a listed
rejection instead of a silent gap.
"""

from __future__ import annotations

import glob
import itertools
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newspack.errors import UsageError

if TYPE_CHECKING:
    from newspack.inputs.files import InputFiles


@dataclass(frozen=True, slots=True)
class InputFile:
    root: str  # folder the input is relative to (a local path or an fsspec URL prefix)
    rel: str  # POSIX path relative to root: source_file in records
    fs: object | None = None  # an fsspec filesystem for URL sources; None for local files
    skip: tuple[str, str] | None = None  # (reason, detail) when the file must not be read

    @property
    def path(self) -> str:
        if self.fs is not None:
            return f"{self.root.rstrip('/')}/{self.rel}"
        if not self.root or self.root.endswith(("/", os.sep)):  # os.path.join, cheaper
            return self.root + self.rel
        return self.root + os.sep + self.rel


def _hidden(rel: str) -> bool:
    return any(part.startswith(".") for part in rel.split("/"))


def _symlink_problem(path: Path, root: Path) -> tuple[str, str] | None:
    """Why a symlink must not be followed, or None when it may be."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError) as e:  # dangling, or a loop
        kind = "symlink_loop" if "loop" in str(e).lower() or isinstance(e, RuntimeError) \
            else "broken_symlink"
        return kind, f"{os.readlink(path)}: not followed"
    if not target.is_relative_to(root):
        return "symlink_outside_root", f"points to {target}, outside the source root"
    if target.is_dir():
        return "symlinked_folder", "symlinked folders are not followed (loops, duplicates)"
    return None


def _walk(root: Path, prefix: str = "", root_text: str = "") -> Iterator[InputFile]:
    """Files under root in sorted order; os.scandir, whose entries know if they are
    links without another system call (a million files: seconds, not minutes). Every
    file shares one string for the root. Only the names are kept for the sort: a million
    DirEntry objects (each with its full path) were some 300 MB."""
    root_text = root_text or str(root)
    names, special = [], {}  # special: name -> True for a link, False for a folder
    with os.scandir(root / prefix if prefix else root) as it:
        for e in it:
            if e.name.startswith("."):
                continue
            names.append(e.name)
            if e.is_symlink() or e.is_dir():
                special[e.name] = e.is_symlink()
    names.sort()
    for name in names:
        rel = prefix + name
        link = special.get(name)
        if link:
            yield InputFile(root_text, rel, None, _symlink_problem(root / rel, root))
        elif link is False:
            yield from _walk(root, rel + "/", root_text)
        else:
            yield InputFile(root_text, rel)


def _url_inputs(source: str) -> list[InputFile]:
    import fsspec

    fs, path = fsspec.core.url_to_fs(source)
    protocol = source.split("://", 1)[0]
    if glob.has_magic(path):
        base = path.split("*")[0].split("?")[0].split("[")[0].rstrip("/")
        base = base if fs.isdir(base) else base.rsplit("/", 1)[0]
        paths = sorted(p for p in fs.glob(path) if fs.isfile(p))
    elif fs.isdir(path):
        base, paths = path.rstrip("/"), sorted(fs.find(path))
    elif fs.isfile(path):
        base, paths = path.rsplit("/", 1)[0], [path]
    else:
        raise UsageError(f"{source}: source not found")
    root = f"{protocol}://{base}"
    rels = [p[len(base):].lstrip("/") for p in paths]
    return [InputFile(root, rel, fs) for rel in rels if not _hidden(rel)]


def list_inputs(sources: list[str] | tuple[str, ...]) -> InputFiles:
    """All inputs of ``sources``, sorted by relative path within each source.

    Hidden files and folders (a name starting with ".") are not inputs.
    """
    if not sources:
        raise UsageError("no SOURCE given (name a folder, file or glob, or set build.sources "
                         "in newspack.toml)")
    from newspack.inputs.files import InputFiles

    return InputFiles.of(itertools.chain.from_iterable(map(_source_inputs, sources)))


def _source_inputs(source: str) -> Iterable[InputFile]:
    if "://" in source and not source.startswith("file://"):
        return _url_inputs(source)
    source = source.removeprefix("file://")
    path = Path(source)
    if path.is_dir():
        return _walk(path.resolve())
    if path.is_file():
        return [InputFile(str(path.resolve().parent), path.name)]
    if glob.has_magic(source):
        base = Path(source.split("*")[0].split("?")[0].split("[")[0])
        root = Path(os.path.abspath(base if source.endswith(os.sep) or base.is_dir()
                                    else base.parent))
        matches = sorted(Path(os.path.abspath(m)) for m in glob.glob(source, recursive=True))
        rels = sorted(m.relative_to(root).as_posix() for m in matches if m.is_file())
        return [InputFile(str(root), rel) for rel in rels if not _hidden(rel)]
    raise UsageError(f"{source}: source not found (expected a folder, a file, a glob "
                     "or an fsspec URL)")
