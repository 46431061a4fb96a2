"""Header lines, title tails and headlines on small articles of their own."""

from newspack.extract.clean import squash
from newspack.extract.header import looks_like_title, read_head


def head_of(text: str):
    lines = [squash(x) for x in text.split("\n")]
    return read_head(lines), lines


def test_header_line_gives_month_precision_and_is_cut_from_the_first_line():
    head, lines = head_of(" date 2019-03 Regjeringa legg fram budsjettet\n\nBrødtekst.")
    assert head.header_date == "2019-03"
    assert head.title == "Regjeringa legg fram budsjettet"
    assert lines[0] == ""


def test_title_tail_gives_title_publisher_and_day_date():
    head, _ = head_of("Wahl in Berlin | Politik | Spiegel | 18.09.2016\n\nText.")
    assert (head.title, head.publisher, head.tail_date) == ("Wahl in Berlin", "Spiegel",
                                                            "2016-09-18")


def test_title_tail_without_date_names_the_site():
    head, _ = head_of("Valget i Sverige | Utrikes | SVT\n\nText.")
    assert (head.title, head.publisher, head.tail_date) == ("Valget i Sverige", "SVT", None)


def test_a_pipe_in_prose_is_not_a_tail():
    head, _ = head_of("Dette er en lang setning | med en strek i seg som ikke er en hale.\n")
    assert head.publisher is None


def test_caption_before_the_headline_is_skipped():
    text = ("FLOM: Vannet steg raskt i Drammen natt til søndag.\n\n"
            "Flommen stenger veier i Viken\n\nBrødtekst om flommen.")
    head, lines = head_of(text)
    assert head.title == "Flommen stenger veier i Viken"
    assert head.headline_line == 2  # the article starts at its headline, after the caption
    assert lines[0].startswith("FLOM:")  # the caption stays in the text


def test_a_headline_on_the_first_line_only_has_no_headline_line():
    head, lines = head_of("Regjeringa legg fram budsjettet\n\nBrødtekst.")
    assert (head.title, head.headline_line, lines[0]) == (
        "Regjeringa legg fram budsjettet", None, "")


def test_lead_sentence_first_means_no_title():
    head, _ = head_of("Tirsdag la regjeringen fram budsjettet for neste år.\n\nMer tekst.")
    assert head.title is None


def test_headline_repeated_after_a_menu_is_removed():
    text = "Storm over Bergen\n  1. Nyheter\n  2. Sport\n  3. Kultur\n\n\nStorm over Bergen\nTekst."
    head, lines = head_of(text)
    assert head.title == "Storm over Bergen"
    assert "Storm over Bergen" not in lines
    assert head.headline_line == 6  # the repeat after the menu is the h1


def test_title_shape():
    assert looks_like_title("Who did Moscow target?")
    assert not looks_like_title("Dette er en setning.")
    assert not looks_like_title("x " * 40)
