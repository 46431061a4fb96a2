"""HTML pages are a normal input: read by trafilatura with tables kept as text, and shown
as their text by ``newspack inspect``."""

import json

from newspack.cli import main
from newspack.inputs.htmlpage import is_html, read_page

PAGE = ("<html><head><title>Serien avgjort | Sporten</title></head><body>"
        "<nav><a href='/'>Forsiden</a> <a href='/sport'>Sport</a></nav><article>"
        "<h1>Serien avgjort i siste runde</h1>"
        "<p>Bodø/Glimt vant serien etter en dramatisk siste runde søndag, der tre lag "
        "fortsatt kunne bli mestere da kampene startet.</p>"
        "<p>Tabellen etter siste runde viser hvor jevnt det var helt til slutt:</p>"
        "<table><tr><th>Lag</th><th>Poeng</th></tr><tr><td>Bodø/Glimt</td><td>62</td></tr>"
        "<tr><td>Molde</td><td>61</td></tr><tr><td>Rosenborg</td><td>60</td></tr></table>"
        "<p>Treneren sa etter kampen at han var stolt av laget, som hadde slitt med skader "
        "gjennom hele høsten.</p></article><footer>Kontakt oss</footer></body></html>")


def test_tables_are_kept_as_text():
    text = read_page(PAGE).text
    assert "Molde" in text and "61" in text and "Rosenborg" in text
    assert "Forsiden" not in text and "Kontakt oss" not in text


def test_html_suffixes_in_any_case():
    assert is_html("a/b/side.HTM") and is_html("x.xhtml") and not is_html("x.html.txt")


def test_inspect_shows_the_text_of_a_page_not_its_markup(tmp_path, capsys):
    page = tmp_path / "side.html"
    page.write_text(PAGE, encoding="utf-8")
    assert main(["inspect", str(page)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["result"] == "record"
    assert "<p>" not in out["text"] and "<table>" not in out["text"]
    assert "Bodø/Glimt vant serien" in out["text"]
    assert out["title"] == "Serien avgjort i siste runde"
