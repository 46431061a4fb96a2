import pytest

from newspack.extract.datelines import article_start, find_dateline, read_dateline

BODY_NB = ("Kommunen har vedtatt å bygge en ny bru over elva, og arbeidet skal etter planen "
           "begynne allerede neste vår dersom fylket gir de pengene det har lovet å gi.")
BODY_DE = ("Die Stadt hat beschlossen, eine neue Brücke über den Fluss zu bauen, und die Arbeiten "
           "sollen im März 2019 beginnen, wenn das Land die versprochenen Mittel auch wirklich "
           "bereitstellt.")
BODY_EN = ("The council voted on Tuesday to build a new bridge over the river, and work is due "
           "to start next spring if the state hands over the money it promised in March 2019.")


def page(*blocks: str) -> list[str]:
    """The squashed lines of a page dump: one block a line, blank lines between."""
    lines: list[str] = []
    for block in blocks:
        lines += [block, ""]
    return lines


def dated(lines: list[str], start: int = 0) -> str | None:
    found = find_dateline(lines, start)
    return found and found[1]


def test_byline_after_the_headline_beats_related_dates_before_it():
    lines = page("Ny bru over elva - Avisa", "Meny", "Mest lest", "12.01.2019",
                 "Ny bru over elva", "Av Kari Nordmann", "5. mars 2019 kl. 10.15", BODY_NB)
    assert find_dateline(lines, 8) == (12, "2019-03-05")


@pytest.mark.parametrize("line,iso", [
    ("Publisert 05.03.2019, oppdatert 06.03.2019", "2019-03-05"),  # nb
    ("Oppdatert 06.03.2019 · Publisert 05.03.2019", "2019-03-05"),  # the published one
    ("Publisert laurdag 5. mars 2019", "2019-03-05"),  # nn
    ("Af Lars Hansen 5. marts 2019", "2019-03-05"),  # da
    ("Publicerad 5 mars 2019 kl 10.15", "2019-03-05"),  # sv
    ("Updated 3:45 PM ET, Tue March 5, 2019", "2019-03-05"),  # en
    ("By Jane Doe on March 5th, 2019", "2019-03-05"),
    ("Veröffentlicht am 05.03.2019 um 10:15 Uhr", "2019-03-05"),  # de
    ("By Julia Esdar 6. November 2023", "2023-11-06"),
    ("Stand: 05.03.2019", "2019-03-05"),
    ("Por Ana García | 05/03/2019 10:15", "2019-03-05"),  # es: day first
    ("martes, 5 de marzo de 2019 a las 10:15 hrs.", "2019-03-05"),
    ("Publié le 5 mars 2019 à 10h15", "2019-03-05"),  # fr
    ("Januar 2022", "2022-01"),  # a month alone, on a line of its own
])
def test_datelines_are_read(line, iso):
    assert dated(page("Tittel", line, BODY_NB)) == iso


@pytest.mark.parametrize("line", [
    BODY_DE,  # prose: too long
    "Die Brücke soll am 5. März 2019 eröffnet werden, sagt der Bürgermeister.",  # a sentence
    "It was incorporated as a city on May 26, 1955",  # prose without its full stop
    "Brua åpnes i mars 2019",  # a month without its day, amid other words
    "— Kari Nordmann (@kari) March 3, 2019",  # signs an embedded post
    "Publisert: for 2 timer siden",  # relative: unknown, never computed
    "20190305",
])
def test_lines_that_are_no_datelines(line):
    assert dated(page("Tittel", line, BODY_NB)) is None


def test_a_cue_wins_over_a_bare_date_nearby():
    lines = page("Bro över älven", "onsdag 6 mars 2019", "Bro över älven", "Lästid 3 min",
                 "Publicerad 5 mars 2019 kl 10.15", BODY_NB)
    assert dated(lines, 4) == "2019-03-05"


def test_body_prose_and_far_related_lists_give_nothing():
    related = ["Mehr zum Thema", "Neue Brücke in Köln", "04.03.2019", "Brückenbau stockt",
               "01.03.2019"]
    lines = page("Neue Brücke über den Fluss", "Neue Brücke über den Fluss", BODY_DE, BODY_DE,
                 BODY_DE, BODY_DE, BODY_DE, *related)
    assert dated(lines, 2) is None


def test_a_relative_dateline_keeps_the_date_unknown():
    lines = page("Ny bru", "Publisert: for 2 timer siden", "Les også", "12.01.2019", BODY_NB)
    assert dated(lines) is None


def test_the_nearest_of_two_plain_datelines():
    lines = page("Bridge", "Home", "March 9, 2019", "New bridge", "March 5, 2019", BODY_EN)
    assert dated(lines, 6) == "2019-03-05"


def test_read_dateline_ranks():
    assert read_dateline("Publisert 05.03.2019") == (0, "2019-03-05")
    assert read_dateline("05.03.2019") == (1, "2019-03-05")
    assert read_dateline("Oppdatert 06.03.2019") == (2, "2019-03-06")
    assert read_dateline("") is None


def test_article_start_is_the_headline_that_prose_follows():
    most_read = ["Mest lest", "Ny bru over elva"] + [f"Sak nummer {k}" for k in range(12)]
    lines = page("Ny bru over elva | Avisa", *most_read, "Ny bru over elva", "Av Kari Nordmann",
                 BODY_NB, BODY_NB)
    assert article_start(lines) == 30


def test_article_start_falls_back_to_the_first_prose():
    lines = page("Ny bru - Avisa", "Meny", "Bru over elva til våren", BODY_NB)
    assert article_start(lines) == 6
    assert article_start(["", ""]) == 0
