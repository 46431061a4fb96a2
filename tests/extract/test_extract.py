"""extract() end to end on small articles written for the test."""

import hashlib

from newspack.config import Config
from newspack.extract.document import RawDoc, Rejection, analyse, doc_id, extract

CONFIG = Config()

ARTICLE = """ date 2019-03 Storm over Bergen stenger flyplassen
  1. Nyheter
  2. Sport
  3. Kultur


Storm over Bergen stenger flyplassen
Publisert 12.03.2019 kl. 14:02

Flesland ble stengt tirsdag ettermiddag etter at vinden nådde orkan styrke.

Foto: Kari Hansen / NTB

Avinor sier at flyplassen trolig åpner igjen i morgen tidlig, men at det er usikkert.

Avinor sier at flyplassen trolig åpner igjen i morgen tidlig, men at det er usikkert.

SISTE NYTT
"""


def test_article_with_every_kind_of_noise():
    ex = analyse(RawDoc("x/017_00ff00ff00ff00ff.txt", ARTICLE.encode()), CONFIG)
    r = ex.result
    assert r.id == "00ff00ff00ff00ff"
    assert r.title == "Storm over Bergen stenger flyplassen"
    assert r.date == "2019-03" and r.year == 2019  # header wins over the byline
    assert r.language == "nb"
    assert r.text == ("Flesland ble stengt tirsdag ettermiddag etter at vinden nådde orkan "
                      "styrke.\n\nAvinor sier at flyplassen trolig åpner igjen i morgen tidlig, "
                      "men at det er usikkert.")
    reasons = sorted({x.reason for x in ex.removed})
    assert reasons == ["byline", "header", "nav_menu", "photo_credit", "repeated", "teaser",
                       "title"]
    assert r.boilerplate_lines == len(ex.removed) - 2  # the two title lines are not noise
    assert r.content_sha256 == hashlib.sha256(r.text.encode()).hexdigest()
    assert (r.n_chars, r.n_words) == (len(r.text), len(r.text.split()))


def test_byline_date_when_there_is_no_header():
    text = "Valget i Sverige\nPublicerad 2018-09-09 kl. 20:00\n\nSvenskarna röstade i dag."
    r = extract(RawDoc("a.txt", text.encode()), CONFIG)
    assert r.date == "2018-09-09" and r.language == "sv"


def test_a_date_in_the_body_is_not_the_publication_date():
    text = "Krigen i 1940\n\nDen 9. april 1940 gikk tyske styrker inn i Norge, og krigen kom."
    assert extract(RawDoc("a.txt", text.encode()), CONFIG).date is None


def test_too_short_after_cleaning_is_rejected():
    r = extract(RawDoc("a.txt", b"Foto: X / Reuters\n\nSISTE NYTT\n"), CONFIG)
    assert isinstance(r, Rejection) and r.reason == "too_short"


def test_ids():
    assert doc_id("003_4afb50867eb46622.txt") == "4afb50867eb46622"
    assert doc_id("a/b.txt") != doc_id("a/c.txt")
    assert len(doc_id("notes.txt")) == 16


def test_extract_is_deterministic():
    raw = RawDoc("a.txt", ARTICLE.encode())
    assert extract(raw, CONFIG) == extract(raw, CONFIG)
