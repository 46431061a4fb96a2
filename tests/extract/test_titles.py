"""Titles of real pages: the <title> line names the site, the h1 in the body is the title.

Each dump is written here as a naive scraper writes a page: the <title>, a blank line, then
every block (menus, the h1, the body, the footer) as a paragraph of its own.
"""

from newspack.extract.clean import squash
from newspack.extract.header import read_head
from newspack.extract.titles import Title, headline_shaped, is_domain, key, split_parts

BODY = ("Kommunen har brukt to år på planene, og arbeidet starter allerede i neste måned, "
        "opplyser prosjektlederen. Hun regner med at brua står ferdig før sommeren kommer.")


def dump(*blocks: str) -> list[str]:
    return [squash(x) for x in "\n\n".join(blocks).split("\n")]


def test_the_h1_is_the_title_and_the_site_the_publisher():
    lines = dump("Rolling blackouts leave towns in the dark - The Daily Courier",
                 "News", "Sport", "Opinion",
                 "Rolling blackouts leave towns in the dark", "By Ann Lee",
                 "Power cuts hit three counties on Monday night, and officials said the "
                 "outages could last for days as crews worked to repair damaged lines.",
                 "© 2021 The Daily Courier")
    h1 = lines.index("Rolling blackouts leave towns in the dark")
    head = read_head(lines)
    assert (head.title, head.publisher, head.headline_line) == (
        "Rolling blackouts leave towns in the dark", "The Daily Courier", h1)
    assert lines[0] == lines[h1] == ""
    assert [(r.line_no, r.text, r.reason) for r in head.removed] == [
        (0, "Rolling blackouts leave towns in the dark", "title"),
        (0, "- The Daily Courier", "title_tail"),
        (h1, "Rolling blackouts leave towns in the dark", "title")]


def test_a_site_label_before_the_colon():
    lines = dump("NRK: Ny bru over Glomma opnar i mai", "Nyheiter", "Sport",
                 "Ny bru over Glomma opnar i mai", BODY, "© NRK 2021")
    head = read_head(lines)
    assert (head.title, head.publisher, head.headline_line) == (
        "Ny bru over Glomma opnar i mai", "NRK", 6)
    lines = dump("Flaum: Ny bru over Glomma opnar i mai", "Ny bru over Glomma opnar i mai", BODY)
    assert read_head(lines).publisher is None  # a kicker, nothing says it is a site


def test_site_and_section_before_the_headline():
    lines = dump("Tagesblatt » Politik » Landtag beschließt neues Schulgesetz", "Politik",
                 "Landtag beschließt neues Schulgesetz", "Die Abgeordneten stimmten am Mittwoch "
                 "mit großer Mehrheit für das Gesetz, das ab dem kommenden Schuljahr gilt.")
    head = read_head(lines)
    assert (head.title, head.publisher) == ("Landtag beschließt neues Schulgesetz", "Tagesblatt")


def test_a_menu_item_equal_to_the_section_is_no_headline():
    lines = dump("Regeringen vill sänka skatten på diesel - Inrikes - Dagposten", "Inrikes",
                 "Utrikes", "Regeringen vill sänka skatten på diesel", "Text om skatten.")
    head = read_head(lines)
    assert head.title == "Regeringen vill sänka skatten på diesel"
    assert head.publisher == "Dagposten"
    assert lines[2] == "Inrikes"  # the menu stays for the cleaner


def test_the_seeds_tail_still_names_the_publisher_and_the_date():
    lines = dump("Valget i Sverige | Utrikes | SVT | 12.09.2022", "Valget i Sverige", "Text.")
    head = read_head(lines)
    assert (head.title, head.publisher, head.tail_date, head.headline_line) == (
        "Valget i Sverige", "SVT", "2022-09-12", 2)


def test_quotes_and_dashes_may_differ_between_title_and_h1():
    lines = dump("Was bringen 'alternative' Therapien bei Krebs? | Gesundheitsblatt",
                 "Was bringen „alternative“ Therapien bei Krebs?", "Text.")
    assert read_head(lines).title == "Was bringen „alternative“ Therapien bei Krebs?"


def test_a_kicker_in_the_h1_line_is_kept():
    lines = dump("Grüne legen in Hessen deutlich zu | Tagesblatt", "Menü",
                 "Landtagswahl: Grüne legen in Hessen deutlich zu", "Text.")
    assert read_head(lines).title == "Landtagswahl: Grüne legen in Hessen deutlich zu"


def test_a_breadcrumb_is_no_h1():
    lines = dump("Grüne legen in Hessen deutlich zu - Tagesblatt",
                 "Start / Politik / Hessen / Grüne legen in Hessen deutlich zu", "Text.")
    assert read_head(lines).title != lines[2]


def test_an_h1_in_other_words():
    lines = dump("Council approves new harbour bridge plan - City Post", "Home", "Local",
                 "City council approves harbour bridge plan after long debate",
                 "The council voted seven to two on Tuesday evening after a debate that "
                 "lasted more than four hours, and work on the bridge may start next spring.")
    head = read_head(lines)
    assert (head.title, head.headline_line) == (
        "City council approves harbour bridge plan after long debate", 6)


def test_a_paragraph_that_starts_with_the_title_is_no_h1():
    lines = dump("Det går bra med laksen i Namsen", "Det går bra med laksen i Namsen. Det "
                 "sier forskerne, som har talt fisk i elva hver høst siden 2010.", "Mer.")
    head = read_head(lines)
    assert (head.title, head.headline_line) == ("Det går bra med laksen i Namsen", None)
    assert lines[2].startswith("Det går bra")


def test_a_sentence_is_no_repeat_of_the_title():
    lines = dump("Det går bra", "Det går bra.", "Mer tekst.")
    assert read_head(lines).headline_line is None
    assert lines[2] == "Det går bra."


def test_without_an_h1_a_site_with_evidence_is_cut():
    footer = "© 2021 Dagbladet Nord"
    lines = dump("Færgen sejler igen efter stormen – Dagbladet Nord", "Text.", footer)
    head = read_head(lines)
    assert (head.title, head.publisher, head.headline_line) == (
        "Færgen sejler igen efter stormen", "Dagbladet Nord", None)
    lines = dump("Færgen sejler igen efter stormen | nordavis.dk", "Text.")
    assert read_head(lines).publisher == "nordavis.dk"


def test_without_evidence_a_dash_in_the_headline_stays():
    lines = dump("Ein dag i fjellet – to liv endra", "Tekst om turen.")
    head = read_head(lines)
    assert (head.title, head.publisher) == ("Ein dag i fjellet – to liv endra", None)


def test_sections_before_the_site_go_with_it():
    lines = dump("Flixbus greift die Bahn an - Wirtschaft - Tagesblatt.de", "Text.")
    head = read_head(lines)
    assert (head.title, head.publisher) == ("Flixbus greift die Bahn an", "Tagesblatt.de")
    assert [r.text for r in head.removed if r.reason == "title_tail"] == [
        "- Wirtschaft - Tagesblatt.de"]


def test_parts_and_keys():
    t = "Mietenstreik in den USA: »Kein Geld mehr für die Miete« (nd-aktuell.de)"
    spans, seps = split_parts(t)
    assert [t[a:b] for a, b in spans] == ["Mietenstreik in den USA",
                                          "»Kein Geld mehr für die Miete«", "nd-aktuell.de"]
    assert seps == [":", "("]
    assert split_parts("Osthessen|News")[0] == [(0, 14)]
    assert key("Fieberkontrollen : Wie Firmen") == key("Fieberkontrollen: wie Firmen")
    assert is_domain("wien.ORF.at") and is_domain("Salon.com")
    assert not is_domain("St. Galler Tagblatt") and not is_domain("e.V.")
    assert headline_shaped("Warum ich lieber Bauchgeburt sage.")
    assert not headline_shaped("© 2019 NRK") and not headline_shaped("Les også:")


def test_runs_never_take_a_label_or_a_domain_alone():
    title = Title("Krise: Wahl in Berlin - spiegel.de")
    assert [title.text(a, b) for a, b in title.runs] == ["Krise: Wahl in Berlin",
                                                         "Wahl in Berlin"]
