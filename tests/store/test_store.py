"""The version store: locking, staging leftovers, version numbers."""

import pytest

from conftest import SEEDS
from newspack.cli import main
from newspack.errors import NewspackError
from newspack.store import versions


def test_second_build_on_a_locked_store_stops_with_a_clear_message(tmp_path):
    out = tmp_path / "d"
    with versions.locked(out):
        with pytest.raises(NewspackError, match="another newspack build is running"):
            with versions.locked(out):
                pass


def test_leftover_staging_from_a_killed_build_is_cleared(tmp_path):
    out = tmp_path / "d"
    (out / ".staging" / "version" / "data").mkdir(parents=True)
    (out / ".staging" / "spool.arrow").write_bytes(b"half written")
    assert main(["build", str(SEEDS), "--out", str(out), "--no-progress"]) == 0
    assert not (out / ".staging").exists()
    assert versions.version_dirs(out) == ["1.0.0"]


def test_version_override_must_be_greater(tmp_path, corpus, capsys):
    out = tmp_path / "d"
    assert main(["build", str(corpus), "--out", str(out), "--no-progress",
                 "--version", "2.0.0"]) == 0
    (corpus / "extra.txt").write_text("Ny sak\n\nEn helt ny artikkel om været i Bergen i dag.")
    assert main(["build", str(corpus), "--out", str(out), "--no-progress",
                 "--version", "1.5.0"]) == 2
    assert "must be greater than the newest, 2.0.0" in capsys.readouterr().err
    assert main(["build", str(corpus), "--out", str(out), "--no-progress"]) == 0
    assert versions.version_dirs(out) == ["2.0.0", "2.1.0"]


def test_unpublished_folder_is_not_a_version(tmp_path):
    (tmp_path / "versions" / "1.0.0").mkdir(parents=True)  # no manifest: not published
    assert versions.version_dirs(tmp_path) == []
