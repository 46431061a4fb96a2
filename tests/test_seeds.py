"""The five seed articles come out right (by the general rules the other tests show)."""

import pyarrow.parquet as pq
import pytest

LANG = {"7b17a11f50f85528": "nn", "eaff4a40da6c1649": "en", "5a8d4ae86761d52a": "da",
        "4afb50867eb46622": "nb", "d7dba20fcdf5f498": "nb"}
TITLE = {
    "7b17a11f50f85528": "Putin vil samarbeide med Frankrike som allierte",
    "eaff4a40da6c1649": "Putin, Hollande meet to resolve differences over Syria airstrikes",
    "5a8d4ae86761d52a": "Rusland ønsker anti-terrorist samarbejde med USA",
    "4afb50867eb46622": None,
    "d7dba20fcdf5f498": "Macron til Putin: Krever umiddelbar stans",
}
DATE = {"eaff4a40da6c1649": "2015-10-02", "4afb50867eb46622": "2016-10",
        "d7dba20fcdf5f498": "2022-02"}
NOISE = ["Foto: SPUTNIK / Reuters", "OSMAN ORSAL / REUTERS", "dha / TT / NTB Scanpix",
         "SISTE NYTT", "DW recommends", "Vis mer", "Publisert:", "Inhalt", "Metanavigation",
         "| News | DW", " date 20"]


@pytest.fixture(scope="module")
def records(seeds_dataset):
    rows = []
    for path in sorted((seeds_dataset / "versions" / "1.0.0" / "data").glob("*/*.parquet")):
        rows += pq.read_table(path).to_pylist()
    return {r["id"]: r for r in rows}


def test_languages(records):
    assert {i: r["language"] for i, r in records.items()} == LANG
    assert all(0.5 < r["language_score"] <= 1 for r in records.values())


def test_titles(records):
    assert {i: r["title"] for i, r in records.items()} == TITLE


def test_dates_years_publisher(records):
    assert {i: r["date"] for i, r in records.items() if r["date"]} == DATE
    assert {i: r["year"] for i, r in records.items() if r["year"]} == {
        i: int(d[:4]) for i, d in DATE.items()}
    assert {i: r["publisher"] for i, r in records.items() if r["publisher"]} == {
        "eaff4a40da6c1649": "DW"}


def test_text_has_no_noise(records):
    for r in records.values():
        for noise in NOISE:
            assert noise not in r["text"], (r["id"], noise)
        assert "\n\n\n" not in r["text"] and r["text"] == r["text"].strip()


def test_every_body_paragraph_is_kept(records):
    nb = records["d7dba20fcdf5f498"]["text"]
    assert nb.count("Bilder fra Kharkiv viser barn") == 1  # the repeated paragraph, once
    assert "grunnen til at alliansen ikke gir militær støtte i landet når Russland nå " \
           "invaderer." in nb
    en = records["eaff4a40da6c1649"]["text"]
    assert en.startswith("Russian President Vladimir Putin met with his French counterpart")
    assert '"We saw the weapon on that training ground,"' in en
    nn = records["7b17a11f50f85528"]["text"]
    assert "– Semje om koordinering" in nn  # a subheading is body
    assert nn.rstrip().endswith("som blir utsette for angrep.")
    da = records["5a8d4ae86761d52a"]["text"]
    assert da.count("\n\n") == 12  # single-newline paragraphs become blank-line separated
