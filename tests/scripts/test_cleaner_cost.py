"""scripts/cleaner_cost.py imports two versions of newspack in one process by copying each
under a name of its own: the copy must import only itself, never the installed newspack."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import cleaner_cost  # noqa: E402


def test_a_renamed_copy_imports_only_itself(tmp_path, monkeypatch):
    cleaner_cost.copy_as(ROOT / "src" / "newspack", tmp_path, "newspack_copy")
    sources = [p.read_text(encoding="utf-8") for p in (tmp_path / "newspack_copy").rglob("*.py")]
    statement = re.compile(r"^\s*(?:from|import) newspack\b", re.M)
    assert sources and not any(statement.search(s) for s in sources)
    monkeypatch.syspath_prepend(str(tmp_path))
    mod, cfg = cleaner_cost.load("newspack_copy")
    assert mod.__name__ == "newspack_copy.extract.document"
    raw = mod.RawDoc("a.txt", b"Brua over elva opnar neste veke, seier vegvesenet i ei "
                              b"pressemelding. Ho har kosta 80 millionar kroner.")
    assert mod.decode.__module__ == "newspack_copy.inputs.decode"
    record = mod.analyse(raw, cfg).result
    assert type(record).__module__ == "newspack_copy.schema"
    assert record.text.startswith("Brua over elva")
    for name in [m for m in sys.modules if m.startswith("newspack_copy")]:
        del sys.modules[name]
    importlib.invalidate_caches()


def test_the_report_sums_the_cleaner_steps():
    ms = {("base", "total"): 1.0, ("head", "total"): 1.3, ("base", "read_head"): 0.1,
          ("head", "read_head"): 0.2, ("base", "clean_lines"): 0.1, ("head", "clean_lines"): 0.15}
    text = cleaner_cost.report(ms, "abc", 10, 1)
    assert "adds +0.150 ms per document" in text
    assert "all of analyse() +0.300" in text
