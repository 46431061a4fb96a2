#!/usr/bin/env python3
"""How far can extraction be trusted? Figures on labelled data nobody tuned rules against.

Three measurements, each figure printed next to its target (PASS / FAIL); the exit code
is 1 when a target fails, so CI can run this script (``tests/scripts/test_eval_extract.py`` runs
it on a small corpus).

1. **ud-dev language.** ``corpus/ud-dev/LANG.txt`` (the shared folder's UD dev sentences,
   nb nn da sv en de) become evaluation documents: runs of consecutive sentences of one
   source document, in two length bands, 100-300 characters and >= 300 (aiming at
   1000-2000). Each band takes ``--per-lang`` documents per language from distinct,
   randomly ordered start sentences (``random.Random`` seeded by seed, language and band),
   so documents of one band may overlap where a language has few sentences. Each goes
   through ``newspack.extract.language.identify`` with ``LanguageConfig()``'s defaults; "und"
   counts as wrong.
2. **Generated corpus.** ``scripts/gen_corpus.py`` writes ``--docs`` articles and a truth
   file; each article goes through ``newspack.extract.document.extract`` with ``Config()`` (PII
   redaction off: it is scored in section 3). Scored
   as gen_corpus.py's docstring says ("How to score"): language (split by the true body's
   length), title / date / publisher exact match, and boilerplate lines as multisets
   pooled over documents: O = the cleaner's text lines (stripped, empty ones, the headline
   and "ambiguous" lines dropped), B = the other boilerplate lines,
   removed_bp = |B| - |B & O|, removed_body = |body| - |body & O|,
   precision = removed_bp / (removed_bp + removed_body), recall = removed_bp / |B|.
   A rejection is wrong everywhere: no language, no fields, no body kept, no boilerplate
   removed.
3. **PII.** When ``newspack.extract.pii`` exists, its ``redact(text) -> (text, counts)`` on
   hand-written cases: an item is redacted when no piece of it (a run of 2+ letters or
   digits) is left in the output, and a look-alike (price, date, ISBN, order number) must
   come out unchanged. Information only: these figures have no target yet.
4. **web-dev.** The shared folder's real pages (``../shared/corpus/web-dev``, or ``--web-dir``),
   scored as its README says (with recall, without removal, their harmonic mean, micro over
   snippets), per declared language (under 5 pages: "other"; undeclared: "none") and in
   total: the text dump as is, newspack on the dump (``analyse`` with ``Config()``), trafilatura
   on the HTML and newspack on the HTML. A *proxy* token F1 against trafilatura's text
   stands in for the gold body we do not have. Titles (newspack's from the dump against the
   page's only non-empty ``<h1>``) and dates (against htmldate's) are information.
   Without the folder (as in CI) this part is skipped with a note.

Targets: language accuracy >= 99.5 % at >= 300 characters and >= 98 % at 100-300 (ud-dev
and generated); Bokmål taken for Nynorsk or Danish, and Nynorsk or Danish taken for
Bokmål, <= 0.5 % each at article length (ud-dev >= 300, generated); title, date and
publisher exact match >= 99 %; boilerplate precision >= 99.5 %, recall >= 97 %; web-dev
harmonic mean of newspack on the text dumps >= 80 %, and on the HTML >= trafilatura's minus
1 point. Every other figure (per language, short-text confusions, body recall, PII, web
titles, dates and proxy F1) is information.

Usage::

    python scripts/eval_extract.py [--docs 2000] [--per-lang 300] [--seed 7] [--json] [--examples]
                                   [--web-dir DIR] [--web-examples]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # scripts/ is no installed package: benchkit/ lies beside us
    sys.path.insert(0, str(HERE))

from benchkit.corpus import TRUTH, generate, read_truth  # noqa: E402
from benchkit.eval_common import Examples, Figures  # noqa: E402
from benchkit.eval_generated import eval_generated  # noqa: E402
from benchkit.eval_pii import eval_pii  # noqa: E402
from benchkit.eval_report import failures, print_report  # noqa: E402
from benchkit.eval_ud import eval_ud, find_ud_dir  # noqa: E402
from benchkit.eval_web import eval_web  # noqa: E402


def evaluate(docs: int = 2000, per_lang: int = 300, seed: int = 7, ud_dir: Path | None = None,
             web_dir: Path | None = None, web: bool = True) -> tuple[Figures, Examples]:
    """Every figure, and up to MAX_EXAMPLES failures of each kind; the web-dev figures
    (from ``web_dir``, default the shared folder) unless ``web`` is False."""
    ud_dir = ud_dir or find_ud_dir()
    examples: Examples = {}
    figures: Figures = {"ud_dev": eval_ud(ud_dir, per_lang, seed, examples)}
    with tempfile.TemporaryDirectory(prefix="eval_extract-") as tmp:
        generate(Path(tmp), docs, seed, ud_dir, "eval_extract")
        truth = read_truth(Path(tmp) / TRUTH)
        figures["generated"] = eval_generated(truth, Path(tmp), examples)
    figures["pii"] = eval_pii(examples)
    if web:
        figures["web"] = eval_web(web_dir)
    return figures, examples


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    ap.add_argument("--docs", type=int, default=2000, help="generated documents (default 2000)")
    ap.add_argument("--per-lang", type=int, default=300,
                    help="ud-dev documents per language and length band (default 300)")
    ap.add_argument("--seed", type=int, default=7, help="seed of both corpora (default 7)")
    ap.add_argument("--ud-dir", type=Path, default=None,
                    help="folder of the ud-dev sentence files (default: found next to the project)")
    ap.add_argument("--web-dir", type=Path, default=None,
                    help="the web-dev folder (default: ../shared/corpus/web-dev of the project)")
    ap.add_argument("--json", action="store_true", help="print every figure as JSON")
    ap.add_argument("--examples", action="store_true", help="print failures of each kind")
    ap.add_argument("--web-examples", action="store_true",
                    help="print the web pages of lowest proxy F1 (newspack on the text dumps)")
    args = ap.parse_args(argv)
    figures, examples = evaluate(args.docs, args.per_lang, args.seed, args.ud_dir, args.web_dir)
    if args.json:
        out = {"figures": figures, "failed": [r.label for r in failures(figures)]}
        if args.examples:
            out["examples"] = examples
        print(json.dumps(out, indent=1, ensure_ascii=False))
    else:
        print_report(figures, examples, args.examples, args.web_examples)
    return 1 if failures(figures) else 0


if __name__ == "__main__":
    sys.exit(main())
