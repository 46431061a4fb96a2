import pytest

from newspack.extract.language import UNDETERMINED, LanguageResult, identify

CODES = ("nb", "nn", "da", "sv", "en", "de")


@pytest.mark.parametrize("lang,text", [
    ("nb", "Regjeringen har bestemt at skolene skal holde stengt fordi smitten har økt "
           "kraftig de siste ukene, og hun sier at det ikke er noe annet valg."),
    ("nn", "Regjeringa har bestemt at skulane skal halde stengt fordi smitten har auka "
           "kraftig dei siste vekene, og ho seier at det ikkje er noko anna val."),
    ("da", "Regeringen har besluttet, at skolerne skal holde lukket, fordi smitten er "
           "steget kraftigt de seneste uger, og hun siger, at der ikke er noget andet valg."),
    ("sv", "Regeringen har beslutat att skolorna ska hålla stängt eftersom smittan har ökat "
           "kraftigt de senaste veckorna, och hon säger att det inte finns något annat val."),
    ("en", "The government has decided that schools will stay closed because infections have "
           "risen sharply in recent weeks, and she says there is no other choice."),
    ("de", "Die Regierung hat beschlossen, dass die Schulen geschlossen bleiben, weil die "
           "Infektionen in den letzten Wochen stark gestiegen sind."),
])
def test_each_configured_language_is_told_apart(lang, text):
    result = identify(text, CODES)
    assert result.code == lang
    assert 0.5 <= result.score <= 1.0
    assert result.other_share == 0.0


def test_too_short_text_is_undetermined():
    assert identify("Ja takk!", CODES) == LanguageResult(UNDETERMINED, 0.0, 0.0)


def test_long_text_only_reads_a_sample_when_sure():
    text = ("Regjeringen har bestemt at skolene skal holde stengt. " * 400)
    assert identify(text, CODES).code == "nb"


@pytest.mark.parametrize("lang,text", [
    ("fr", "Le gouvernement a décidé que les écoles resteront fermées parce que les infections "
           "ont fortement augmenté au cours des dernières semaines."),
    ("es", "El gobierno ha decidido que las escuelas permanecerán cerradas porque las "
           "infecciones han aumentado mucho en las últimas semanas."),
    ("ru", "Правительство решило, что школы останутся закрытыми, потому что число инфекций "
           "резко выросло за последние недели."),
])
def test_languages_outside_the_set_are_named_not_forced_into_a_nordic_one(lang, text):
    assert identify(text, CODES).code == lang


def test_a_foreign_line_is_measured_not_mistaken_for_the_document():
    english = ("The government has decided that schools will stay closed because infections "
               "have risen sharply in recent weeks, and she says there is no other choice. ")
    german = "Karte der russischen Präsenz und der Luftangriffe in Syrien auf Englisch neu"
    text = "\n\n".join([english * 3, german, english * 2])
    result = identify(text, CODES)
    assert result.code == "en"
    assert result.other_share == pytest.approx(len(german) / (len(text) - 4), abs=0.01)


def test_half_and_half_is_too_mixed_to_say():
    nb = "Hun sier at det ikke er noe problem, men at det blir mye verre hvis ingen gjør noe."
    de = "Die Regierung hat beschlossen, dass die Schulen geschlossen bleiben werden, weil."
    text = "\n\n".join([nb, de, nb, de])
    assert identify(text, CODES).code == UNDETERMINED
