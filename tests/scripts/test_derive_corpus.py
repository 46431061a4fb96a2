"""derive_corpus.py: a larger corpus from a generated one, each new document its own text
(a source heading, body paragraphs from other documents of its language), deterministic."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "derive_corpus.py"
LANGS = {f"{lang}{k:02d}": lang for lang in ("nb", "en") for k in range(30)}


def _source(tmp_path: Path) -> Path:
    src = tmp_path / "corpus-5"
    (src / "corpus").mkdir(parents=True)
    (src / "added").mkdir()
    truth = []
    for name, lang in LANGS.items():
        body = "\n\n".join(f"{name}-{lang}-paragraph-{k}" for k in range(4))
        folder = src / ("added" if name == "en29" else "corpus")
        (folder / f"{name}.txt").write_text(f"Title {name}\nPublished 2020\n\n{body}\n",
                                            encoding="utf-8")
        truth.append({"file": f"{name}.txt", "lang": lang})
    (src / "_truth.jsonl").write_text("".join(json.dumps(t) + "\n" for t in truth))
    return src


def _derive(src: Path, out: Path, docs: int) -> dict[str, str]:
    subprocess.run([sys.executable, str(SCRIPT), "--source", str(src), "--docs", str(docs),
                    "--out", str(out)], check=True, capture_output=True)
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(out.rglob("*.txt"))}


def test_derived_documents_are_new_texts_of_one_language(tmp_path):
    src = _source(tmp_path)
    made = _derive(src, tmp_path / "out", 150)
    corpus = [k for k in made if k.startswith("corpus/")]
    assert len(corpus) == 150 and len([k for k in made if k.startswith("added/")]) == 1
    assert json.loads((tmp_path / "out" / "size.json").read_text())["docs"] == 150
    originals = {p.read_text(encoding="utf-8") for p in (src / "corpus").iterdir()}
    derived = [t for t in made.values() if t not in originals]
    assert len(derived) == 151 - 59 and len(set(derived)) == len(derived)
    for text in derived:
        head, *body = text.strip().split("\n\n")
        name = head.split()[1]
        sources = [p.split("-")[0] for p in body]
        assert {LANGS[s] for s in sources} == {LANGS[name]}  # the heading's language
        assert name not in sources and len(set(sources)) == len(sources)


def test_the_same_source_and_size_give_the_same_files(tmp_path):
    src = _source(tmp_path)
    assert _derive(src, tmp_path / "one", 80) == _derive(src, tmp_path / "two", 80)
