"""Property-based tests: extract and decode never raise on any bytes; what comes out is
NFC, free of control characters, and cleaning a clean text changes nothing."""

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newspack.config import Config
from newspack.extract.clean import clean_lines, squash
from newspack.extract.document import RawDoc, Rejection, extract
from newspack.inputs.decode import DecodeError, decode, normalize

CONFIG = Config()
SETTINGS = settings(max_examples=150, deadline=None, derandomize=True,  # same cases every run
                    suppress_health_check=[HealthCheck.too_slow])

# Texts that look like articles: words from several scripts, lines, credits, noise.
WORDS = st.sampled_from(["Putin", "møtte", "Erdogan", "ikkje", "the", "und", "Foto:",
                         "REUTERS", "/", "SISTE NYTT", "1.", "Vis mer", "«sitat»", "é",
                         "e\u0301", "\u200b", "\x00", "\t", "Ã¸", "–", "date", "2016-10",
                         "|", "DW", "02.10.2015", "ola@example.no", "22 33 44 55"])
LINES = st.lists(WORDS, min_size=0, max_size=12).map(" ".join)
ARTICLES = st.lists(LINES, min_size=0, max_size=25).map("\n".join)
CONTROLS = set(chr(c) for c in range(32) if chr(c) not in "\n") | {chr(0x7f)} | \
    {chr(c) for c in range(0x80, 0xa0)}


def _check_text(text: str) -> None:
    assert unicodedata.is_normalized("NFC", text)
    assert not CONTROLS & set(text)
    assert "\r" not in text


@SETTINGS
@given(st.binary(max_size=4000))
def test_extract_never_raises_on_any_bytes(data):
    result = extract(RawDoc("x.txt", data), CONFIG)
    if not isinstance(result, Rejection):
        _check_text(result.text)


@SETTINGS
@given(ARTICLES, st.sampled_from(["utf-8", "utf-16", "cp1252", "utf-8-sig"]))
def test_article_like_text_in_any_encoding(text, encoding):
    data = text.encode(encoding, errors="ignore")
    result = extract(RawDoc("x.txt", data), CONFIG)
    if not isinstance(result, Rejection):
        _check_text(result.text)
        assert "\n\n\n" not in result.text and result.text == result.text.strip()


@SETTINGS
@given(st.binary(max_size=2000))
def test_decode_never_raises_anything_but_a_rejection(data):
    try:
        d = decode(data)
    except DecodeError as e:
        assert e.reason in {"empty", "binary", "undecodable"}
        return
    _check_text(d.text)
    assert normalize(d.text) == d.text  # normalising is idempotent


@SETTINGS
@given(ARTICLES)
def test_cleaning_is_idempotent(text):
    lines = [squash(x) for x in normalize(text).split("\n")]
    once, _ = clean_lines(lines)
    twice, removed = clean_lines(once)
    assert twice == once and removed == []
