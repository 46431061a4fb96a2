"""Shared fixtures. Every test runs offline, with Hugging Face caches in a temp folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "seeds"


@pytest.fixture(scope="session", autouse=True)
def _offline_hf(tmp_path_factory):
    cache = tmp_path_factory.mktemp("hf-cache")
    env = {"HF_HOME": str(cache), "HF_DATASETS_CACHE": str(cache / "datasets"),
           "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
           "HF_DATASETS_DISABLE_PROGRESS_BARS": "1"}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    yield
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="session")
def seeds_dataset(tmp_path_factory) -> Path:
    """The seeds built once with the CLI, as a user would (read-only for tests)."""
    from newspack.cli import main

    out = tmp_path_factory.mktemp("seeds") / "dist"
    assert main(["build", str(SEEDS), "--out", str(out), "--no-progress"]) == 0
    return out


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A small folder of articles written for the tests (copies of the seeds)."""
    src = tmp_path / "corpus"
    shutil.copytree(SEEDS, src)
    return src
