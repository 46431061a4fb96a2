"""PII redaction on cases of its own: what must go, and look-alikes that must stay."""

import pytest

from newspack.extract.pii import redact, valid_cpr, valid_fodselsnummer


@pytest.mark.parametrize("text,lang,kind", [
    ("Kontakt ola.nordmann@nrk.no for mer.", "nb", "email"),
    ("Send to j.smith+news@example.co.uk today.", "en", "email"),
    ("Ring 22 33 44 55 i dag.", "nb", "phone"),
    ("Tlf. +47 912 34 567.", "nb", "phone"),
    ("Ring 91234567 etter kl. 8.", "nb", "phone"),
    ("Call +44 20 7946 0958 now.", "en", "phone"),
    ("Ring på 33 12 34 56.", "da", "phone"),
    ("Telefon (030) 1234567.", "de", "phone"),
    ("Fødselsnummer 01129955151 ble lekket.", "nb", "national_id"),
    ("CPR-nummer 070761-4285 stod på kortet.", "da", "national_id"),
])
def test_personal_data_is_replaced_by_a_typed_placeholder(text, lang, kind):
    out, counts = redact(text, lang)
    assert counts == {kind: 1}
    assert "[" in out and not any(ch.isdigit() for ch in out.split("[")[1].split("]")[0])


@pytest.mark.parametrize("text,lang", [
    ("Prisen er 12 500 000 kroner.", "nb"),
    ("Artikkel 12345678901 i loven.", "nb"),  # 11 digits, check digits wrong
    ("ISBN 978-82-05-12345-6", "nb"),
    ("Ordrenummer 070761-4286 er sendt.", "da"),  # CPR shape, check digit wrong
    ("Den 02.10.2015 kl. 14.30 kom svaret.", "nb"),
    ("Publisert 12.03.2016 kl. 14:02", "nb"),
    ("Møtet er 2016-10-05, og 1.000.000 kroner er satt av.", "nb"),
    ("I 2015 og 2016 var det 1234 nye saker.", "nb"),
    ("Putin og Erdogan møttes i Istanbul.", "nb"),
])
def test_look_alikes_are_left_alone(text, lang):
    assert redact(text, lang) == (text, {})


def test_check_digits():
    assert valid_fodselsnummer("01129955151") and not valid_fodselsnummer("01129955152")
    assert not valid_fodselsnummer("32129955151")  # no 32nd day
    assert valid_cpr("0707614285") and not valid_cpr("0707614286")


def test_redaction_is_idempotent():
    once, _ = redact("Ring 22 33 44 55 eller skriv til a@b.no", "nb")
    assert redact(once, "nb") == (once, {})
