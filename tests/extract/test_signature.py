"""The near-duplicate signature: the same in every process, close to the true Jaccard
similarity, small, and cached with the record."""

import subprocess
import sys
from dataclasses import replace

import numpy as np

from newspack.config import Config, DedupConfig
from newspack.engines.cache import Outcome, _encode, decode
from newspack.extract.document import RawDoc, analyse
from newspack.extract.signature import matrix, signature, similarity, words

STORY = " ".join(f"Setning nummer {i} handlar om vêret i Bergen og om flyplassen på Flesland."
                 for i in range(40))


def _jaccard(a: str, b: str, n: int = 5) -> float:
    def sh(t):
        w = words(t)
        return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}
    return len(sh(a) & sh(b)) / len(sh(a) | sh(b))


def test_signature_is_two_bytes_a_permutation_and_the_same_in_every_process():
    sig = signature(STORY, DedupConfig())
    assert len(sig) == 256
    code = ("import sys; from newspack.extract.signature import signature; "
            "from newspack.config import DedupConfig; "
            "sys.stdout.write(signature(sys.argv[1], DedupConfig()).hex())")
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", code, STORY], capture_output=True,
                             text=True, check=True, env={"PYTHONHASHSEED": seed})
        assert out.stdout == sig.hex()
    # pinned: a change of rensa or of the hashing shows here (bump signature.SCHEME then)
    assert sig[:8].hex() == "427ec5c5b831c944"


def test_estimate_is_close_to_the_true_jaccard_similarity():
    edited = STORY.replace("nummer 7 ", "nummer sju ").replace("nummer 30 ", "")
    truth = _jaccard(STORY, edited)
    est = similarity(matrix(signature(STORY, DedupConfig()), 128),
                     matrix(signature(edited, DedupConfig()), 128))[0]
    assert 0.8 < truth < 0.95 and abs(est - truth) < 0.1
    other = "Eit heilt anna tema: " + " ".join(f"ord{i}" for i in range(80))
    assert similarity(matrix(signature(STORY, DedupConfig()), 128),
                      matrix(signature(other, DedupConfig()), 128))[0] < 0.05


def test_case_and_punctuation_are_no_edits_and_texts_without_words_differ():
    d = DedupConfig()
    assert signature(STORY, d) == signature(STORY.upper().replace(".", " ,"), d)
    assert signature("— … —", d) != signature("*** ***", d)
    assert signature("Kort tekst", d) != signature("Kort tekst her", d)


def test_no_signature_when_near_duplicates_are_off():
    assert signature(STORY, DedupConfig(near=False)) == b""


def test_analyse_computes_the_signature_and_the_cache_keeps_it():
    raw = RawDoc("a/001_00000000000000ab.txt", f"Tittel\n\n{STORY}\n".encode())
    ex = analyse(raw, Config())
    assert ex.signature == signature(ex.result.text, DedupConfig())
    outcome = Outcome(raw.source_file, "sha", len(raw.data), ex.result, (), ex.signature)
    assert decode(_encode(outcome), raw.source_file, "sha") == outcome
    fewer = replace(Config(), dedup=DedupConfig(permutations=64))
    assert np.frombuffer(analyse(raw, fewer).signature, "<u2").shape == (64,)
