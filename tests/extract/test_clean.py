"""Each boilerplate rule on small articles of its own, in several languages."""

import pytest

from newspack.extract.clean import classify, clean_lines, nav_runs, squash, strip_trailing_teaser


@pytest.mark.parametrize("line,kind", [
    ("Foto: Heiko Junge / NTB", "photo_credit"),
    ("Photo: Sarah Brown / AP", "photo_credit"),
    ("Bild: dpa", "photo_credit"),
    ("ANNA NIELSEN / AFP", "photo_credit"),
    ("Lars Berg / TT / NTB Scanpix", "photo_credit"),
    ("SENASTE NYTT", "teaser"),
    ("Most read", "teaser"),
    ("Mehr zum Thema", "teaser"),
    ("Læs også: Regeringen vil sænke skatten", "read_more"),
    ("Lesen Sie auch: Die Wahl in Berlin", "read_more"),
    ("Oppdatert: 03.04.2019 kl. 10.12", "byline"),
    ("Veröffentlicht am 12.03.2016 um 14:02 Uhr", "byline"),
    ("(NTB)", "agency_credit"),
    ("Av Kari Nordmann, NTB", "author"),
    ("By John Smith and Sarah Brown", "author"),
    ("Von Heiko Weber", "author"),
    ("ab/cd (Reuters, AFP)", "agency_credit"),
    ("Dela på Facebook | Dela på Twitter", "share"),
    ("Vi bruker informasjonskapsler for å gi deg en bedre opplevelse.", "cookie"),
])
def test_boilerplate_lines_are_named(line, kind):
    assert classify(line) == kind


@pytest.mark.parametrize("line", [
    "Regjeringen la fram budsjettet tirsdag, og Foto-bransjen jubler.",
    "Reuters meldte at samtalene fortsetter i morgen.",
    "Han sa til AP at det var for sent / for tidlig å si noe om dette, og at saken ville ta tid.",
    "Publiseringen av rapporten ble utsatt til etter valget, skriver avisen i dag.",
    "Most of the readers said they would vote again next year.",
    "– Vi er enige om å intensivere kontaktene, sa Putin.",
    "Del av Oslo var uten strøm hele natta.",
    "Av og til regner det i Bergen.",
    "By the end of the year, Oslo had new trams.",
])
def test_body_sentences_are_not_boilerplate(line):
    assert classify(line) is None


def test_numbered_menu_run_is_found_but_a_numbered_list_in_prose_is_not():
    lines = ["Tittel", "1. Nyheter", "2. Sport", "3. Kultur", "", "Brødtekst her."]
    assert nav_runs(lines) == {1, 2, 3}
    prose = ["1. Regjeringen må kutte i utgiftene før neste år.", "2. Kommunene får mer.",
             "3. Skolene får mindre penger enn i fjor."]
    assert nav_runs(prose) == set()


def test_two_numbered_lines_are_not_a_menu():
    assert nav_runs(["1. Inhalt", "2. Suche", "Text."]) == set()


def test_repeated_paragraph_is_removed_once_and_reported():
    para = "Bilder fra Kharkiv viser barn og voksne i T-banestasjoner."
    kept, removed = clean_lines([para, "", "Annen tekst om noe helt annet her.", "", para])
    assert kept == [para, "Annen tekst om noe helt annet her."]
    assert [(r.line_no, r.reason) for r in removed] == [(4, "repeated")]


def test_short_repeated_lines_are_kept():
    kept, _ = clean_lines(["Ja.", "Nei, sa han.", "Ja."])
    assert kept == ["Ja.", "Nei, sa han.", "Ja."]


def test_trailing_teaser_is_cut_only_after_a_sentence():
    assert strip_trailing_teaser("Det er slutt. Les mer") == "Det er slutt."
    assert strip_trailing_teaser("Klikk for å vis mer") == "Klikk for å vis mer"


def test_cleaning_is_idempotent():
    lines = ["Foto: X / Reuters", "Første avsnitt er her.", "SISTE NYTT", "Andre avsnitt."]
    once, _ = clean_lines(lines)
    twice, removed = clean_lines(once)
    assert twice == once and removed == []


def test_squash_normalises_whitespace():
    assert squash(" a \u00a0 b\t c ") == "a b c"
