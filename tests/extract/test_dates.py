import pytest

from newspack.extract.dates import find_date, is_date


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
