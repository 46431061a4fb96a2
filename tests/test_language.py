import pytest

from newspack.language import UNDETERMINED, identify

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
    code, score = identify(text, CODES)
    assert code == lang
    assert 0.5 <= score <= 1.0


def test_too_short_text_is_undetermined():
    assert identify("Ja takk!", CODES) == (UNDETERMINED, 0.0)


def test_long_text_only_reads_a_sample_when_sure():
    text = ("Regjeringen har bestemt at skolene skal holde stengt. " * 400)
    code, _ = identify(text, CODES)
    assert code == "nb"
