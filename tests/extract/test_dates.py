import pytest

from newspack.extract.dates import find_date, is_date, locate_date, numeric_order


@pytest.mark.parametrize("text,iso", [
    ("2. oktober 2015", "2015-10-02"),
    ("mandag 10. oktober 2016", "2016-10-10"),
    ("Oct. 2, 2015", "2015-10-02"),
    ("2 October 2015", "2015-10-02"),
    ("02.10.2015 kl. 14.30", "2015-10-02"),
    ("Veröffentlicht am 3. März 2020", "2020-03-03"),
    ("den 5 maj 2019", "2019-05-05"),
    ("2016-10", "2016-10"),
    ("2016-10-05T10:00:00Z", "2016-10-05"),
    ("desember 2021", "2021-12"),
    # the datelines real pages print
    ("Updated 3:45 PM ET, Tue March 5, 2019", "2019-03-05"),
    ("5. mars 2019 kl. 10.15", "2019-03-05"),
    ("Publisert 05.03.2019, oppdatert 06.03.2019", "2019-03-05"),
    ("Veröffentlicht am 05.03.2019 um 10:15 Uhr", "2019-03-05"),
    ("Stand: 05.03.2019", "2019-03-05"),
    ("Publicerad 5 mars 2019 kl 10.15", "2019-03-05"),
    ("Udgivet 5. marts 2019", "2019-03-05"),
    ("Oppdatert laurdag 5. mars 2019", "2019-03-05"),
    ("March 5th, 2019", "2019-03-05"),
    ("Tuesday, March 5th 2019", "2019-03-05"),
    ("2019/03/05", "2019-03-05"),
    ("5 de marzo de 2019", "2019-03-05"),
    ("martes, 5 de marzo del 2019", "2019-03-05"),
    ("5 mars 2019", "2019-03-05"),
    ("Publié le 1er mars 2019 à 10h15", "2019-03-01"),
    ("5 de março de 2019", "2019-03-05"),
    ("Pubblicato il 5 marzo 2019", "2019-03-05"),
    ("Opublikowano 5 marca 2019", "2019-03-05"),
    ("5 maart 2019", "2019-03-05"),
    ("Mi, 5. Mrz. 2019", "2019-03-05"),
    ("Stand: März 2019", "2019-03"),
    ("May 2019", "2019-05"),
])
def test_written_dates_at_source_precision(text, iso):
    assert find_date(text) == iso


@pytest.mark.parametrize("text", ["31.02.2015", "13.13.2015", "ingen dato her", "1.1.1066",
                                  "kl. 14.30"])
def test_impossible_or_absent_dates_are_none(text):
    assert find_date(text) is None


def test_is_date_rejects_sentences_mentioning_a_date():
    assert is_date("02.10.2015")
    assert not is_date("Det skjedde 2. oktober 2015 i Oslo sentrum ved middagstid")


@pytest.mark.parametrize("text", [
    "2 hours ago", "vor 3 Stunden", "i går", "for 2 timer siden", "Publicerad i dag 10:15",
    "hace 3 horas", "il y a 2 heures",
    "20190305",  # eight digits are as often an id as a date
    "Mars 2020 landet i Jezero",  # a name, not a month without its day
    "Sold out 2019",
])
def test_relative_dates_and_risky_digits_stay_unknown(text):
    assert find_date(text) is None


@pytest.mark.parametrize("text,iso", [
    ("17/03/2019", "2019-03-17"),  # no month 17: day first
    ("03/17/2019", "2019-03-17"),  # no month 17: month first
    ("05/05/2019", "2019-05-05"),  # both readings agree
    ("Publicado el 05/03/2019 a las 10:15", "2019-03-05"),  # a day-first language
    ("Publié le 05/03/2019", "2019-03-05"),
    ("Posted 05/03/2019 9:10 a.m. EST", "2019-05-03"),  # a US time zone
    ("05/03/2019 and 17/03/2019", "2019-03-05"),  # the text's other date tells the order
    ("05-03-2019 and 03-17-2019", "2019-05-03"),
])
def test_numeric_dates_are_read_only_when_the_order_is_known(text, iso):
    assert find_date(text) == iso


@pytest.mark.parametrize("text", [
    "05/03/2019",
    "Stand: 05/03/2019",  # German writes dots: a slash date there may be a US template's
    "Posted 05/03/2019 by Jane Doe",
    "05/03/2019, updated 2019-03-06",  # the first date is unknown: no guess, no later date
])
def test_ambiguous_numeric_dates_are_none(text):
    assert find_date(text) is None


def test_dayfirst_can_be_given():
    assert find_date("05/03/2019", dayfirst=True) == "2019-03-05"
    assert find_date("05/03/2019", dayfirst=False) == "2019-05-03"
    assert numeric_order("05/03/2019 14/03/2019 03/15/2019") is None  # the text contradicts


def test_first_date_in_the_text_wins():
    assert find_date("Oppdatert 6. mars 2019, publisert 05.03.2019") == "2019-03-06"
    assert find_date("Mars 2019 ble varm. 12.04.2019") == "2019-04-12"
    assert locate_date("Av Kari Nordmann 5. mars 2019") == (17, 29, "2019-03-05")


@pytest.mark.parametrize("text", ["kl. 10.15 den 5. mars", "Updated 3:45 PM ET", "12/03", ""])
def test_text_without_a_four_digit_year_has_no_date(text):
    assert locate_date(text) is None
