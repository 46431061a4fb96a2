import codecs

import pytest

from newspack.inputs.decode import DecodeError, decode, normalize, repair_mojibake

NORDIC = "Blåbærsyltetøy på brødskiva, sa Åse. Ærlig talt, Øystein!"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252"])
def test_nordic_letters_survive_every_common_encoding(encoding):
    text = (NORDIC + "\n") * 20  # charset detection needs a little text
    d = decode(text.encode(encoding))
    assert d.text == text
    assert not d.repaired


def test_utf8_is_the_fast_path_and_named():
    assert decode("Hei på deg".encode()).encoding == "utf-8"


def test_boms_are_removed():
    assert decode(codecs.BOM_UTF8 + b"Hei").text == "Hei"


def test_mojibake_lines_are_repaired_and_reported():
    garbled = "Søker tilflukt på T-banestasjonen".encode().decode("cp1252")
    d = decode(f"Tittel\n{garbled}\nHei på deg".encode())
    assert d.text == "Tittel\nSøker tilflukt på T-banestasjonen\nHei på deg"
    assert d.repaired


def test_correct_text_with_lookalike_pairs_is_left_alone():
    text = "Prisen var 5 Â°C i Ålesund»"  # a hint match that ftfy does not call bad
    assert repair_mojibake("på «norsk» vis")[1] is False
    assert decode(text.encode()).text  # does not raise


def test_line_ends_and_controls_are_normalised():
    assert normalize("a\r\nb\rc\x07d\u200b") == "a\nb\ncd\u200b"
    assert normalize("e\u0301") == "é"


@pytest.mark.parametrize("data,reason", [(b"", "empty"), (b"  \n\t ", "empty"),
                                         (bytes(range(256)) * 4, "binary")])
def test_non_text_is_rejected_with_a_reason(data, reason):
    with pytest.raises(DecodeError) as e:
        decode(data)
    assert e.value.reason == reason
