"""Extraction rules as data: one TOML file per concern, loaded once per process."""

from __future__ import annotations

import functools
import tomllib
from importlib import resources


@functools.cache
def load(name: str) -> dict:
    """The parsed rules file ``name``.toml shipped with the package."""
    return tomllib.loads(resources.files(__package__).joinpath(f"{name}.toml").read_text("utf-8"))
