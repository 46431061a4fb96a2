"""Choosing the engine: ``[build] engine`` and ``ray_address`` are checked like every other
key, and ``--engine ray`` without Ray installed is one line naming the extra."""

import importlib.util

import pytest

from newspack.cli import main
from newspack.config import from_dict
from newspack.errors import UsageError


@pytest.mark.parametrize("build", [{"engine": "spark"}, {"engine": 1},
                                   {"ray_address": "nohost"}, {"ray_address": "h:99999"},
                                   {"ray_adress": ""}])
def test_engine_settings_are_checked_strictly(build):
    with pytest.raises(UsageError, match="build.ray_ad|build.engine|engine"):
        from_dict({"build": build})


@pytest.mark.parametrize("address", ["", "auto", "10.0.0.5:6379", "head.local:10001"])
def test_ray_addresses_that_are_accepted(address):
    assert from_dict({"build": {"engine": "ray", "ray_address": address}}).build.engine == "ray"


def test_without_ray_the_ray_engine_is_one_line_naming_the_extra(monkeypatch, tmp_path,
                                                                corpus, capsys):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "ray" else real(name, *a))
    out = tmp_path / "d"
    assert main(["build", str(corpus), "--out", str(out), "--engine", "ray"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "pip install 'newspack[ray]'" in err[0]
    assert not (out / "versions").exists()
    assert main(["build", str(corpus), "--out", str(out), "--engine", "ray",
                 "--ray-address", "nohost"]) == 2
    assert "ray_address" in capsys.readouterr().err
