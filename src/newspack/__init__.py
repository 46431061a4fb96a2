"""newspack: scraped news articles in, a versioned Hugging Face dataset out.

>>> import newspack
>>> callable(newspack.load) and callable(newspack.versions)
True
"""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"


def versions(path: str | Path) -> list[dict]:
    """The published versions of a dataset folder, oldest first (number, date, documents,
    change summary)."""
    from newspack.store.history import list_versions

    return list_versions(Path(path))


def load(path: str | Path, version: str | None = None, config: str = "all",
         split: str | None = None, streaming: bool = False):
    """A pinned version as stock ``datasets`` objects (a DatasetDict, or a Dataset when
    ``split`` is given; their Iterable variants when ``streaming``).

    ``version`` defaults to the newest; ``config`` is ``all`` or a language code.
    """
    from datasets import load_dataset

    from newspack.errors import UsageError
    from newspack.store.versions import VERSIONS, newest, version_dirs

    root = Path(path)
    version = version.removeprefix("v") if version else newest(root)
    if version is None or not (root / VERSIONS / version / "manifest.json").is_file():
        known = ", ".join(version_dirs(root)) or "none"
        raise UsageError(f"{root}: no version {version!r} (published: {known})")
    return load_dataset(str(root / VERSIONS / version), config, split=split,
                        streaming=streaming)
