"""The web-dev evaluation (scripts/benchkit/eval_web.py) on a tiny folder of pages written
here (never the shared pages): every figure computed, the text dump as is keeps every
``with`` snippet, and a missing folder is a one-line note, not an error."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from benchkit.eval_common import Figures  # noqa: E402
from benchkit.eval_web import (  # noqa: E402
    ALL,
    HTML_NEWSPACK,
    METHODS,
    NO_CLEANING,
    NONE,
    OTHER,
    REFERENCE,
    TXT_NEWSPACK,
    eval_web,
    same_date,
    token_f1,
)
from benchkit.eval_web_report import print_web, web_rows  # noqa: E402

NAV = ["Home", "World", "Sport", "Culture", "Subscribe now"]
FOOTER = ["Contact the newsroom", "© 2024 Harbour Gazette. All rights reserved."]
PAGES = [  # id, language, date, headline, extra h1 (a second one), body paragraphs
    ("000_aaaaaaaaaaaaaaaa", "en", "2024-03-05", "Harbour bridge reopens after long repairs", None,
     ["The old harbour bridge opened to traffic again on Tuesday morning, after eighteen "
      "months of repairs that cost the city far more than it had planned to spend.",
      "Engineers replaced the rusted steel cables and most of the deck, and the council says "
      "the bridge should now carry heavy lorries safely for at least another fifty years.",
      "Shop owners on both sides of the water welcomed the news, saying the long detour had "
      "kept many of their regular customers away during the whole of last winter."]),
    ("001_bbbbbbbbbbbbbbbb", "de", "2023-11-20", "Stadtbibliothek verlängert ihre Öffnungszeiten",
     None,
     ["Die Stadtbibliothek hat ab dem kommenden Monat auch am Sonntagnachmittag geöffnet, "
      "wie die Leiterin am Montag bei einer Pressekonferenz im Rathaus mitteilte.",
      "Möglich wird das durch zusätzliche Mittel aus dem Kulturhaushalt, mit denen zwei neue "
      "Stellen geschaffen werden, und durch ehrenamtliche Helfer aus dem Förderverein.",
      "Besonders Familien und Studierende hatten sich in einer Umfrage längere Zeiten am "
      "Wochenende gewünscht, weil die Lesesäle unter der Woche oft voll besetzt sind."]),
    ("002_cccccccccccccccc", None, "2022-06-01", "Rowing club wins the regional final",
     "Latest results",
     ["The town rowing club won the regional final on Saturday, beating the favourites from "
      "the capital by less than a second after a race that stayed close until the very end.",
      "Its coach said the crew had trained every morning since January, often before dawn "
      "and in freezing weather, and that the victory belonged to the whole club.",
      "The crew will now compete at the national championship in August, the first time "
      "the club has reached that stage in more than twenty years of racing."]),
]


def html_page(language: str | None, date: str, headline: str, extra_h1: str | None,
              body: list[str]) -> str:
    lang = f' lang="{language}"' if language else ""
    nav = "".join(f'<li><a href="/{i}">{item}</a></li>' for i, item in enumerate(NAV))
    extra = f"<aside><h1>{extra_h1}</h1><p>Scores from all leagues.</p></aside>" if extra_h1 else ""
    paragraphs = "".join(f"<p>{p}</p>" for p in body)
    footer = "".join(f"<p>{line}</p>" for line in FOOTER)
    return (f'<!DOCTYPE html><html{lang}><head><meta charset="utf-8">'
            f"<title>{headline} | Harbour Gazette</title>"
            f'<meta property="article:published_time" content="{date}"></head><body>'
            f"<header><nav><ul>{nav}</ul></nav></header>{extra}"
            f'<main><article><h1>{headline}</h1><p class="byline">By Kim Berg, {date}</p>'
            f"{paragraphs}</article></main><footer>{footer}</footer></body></html>")


def text_dump(date: str, headline: str, extra_h1: str | None, body: list[str]) -> str:
    """The page as the folder's naive scraper dumps it: title, then every block a paragraph."""
    blocks = [f"{headline} | Harbour Gazette", *NAV]
    if extra_h1:
        blocks += [extra_h1, "Scores from all leagues."]
    blocks += [headline, f"By Kim Berg, {date}", *body, *FOOTER]
    return "\n\n".join(blocks) + "\n"


def write_web_dir(folder: Path) -> Path:
    (folder / "txt").mkdir(parents=True)
    (folder / "html").mkdir()
    with (folder / "truth.jsonl").open("w", encoding="utf-8") as truth:
        for id_, language, date, headline, extra_h1, body in PAGES:
            (folder / "html" / f"{id_}.html").write_text(
                html_page(language, date, headline, extra_h1, body), encoding="utf-8")
            (folder / "txt" / f"{id_}.txt").write_text(
                text_dump(date, headline, extra_h1, body), encoding="utf-8")
            row = {"id": id_, "txt": f"txt/{id_}.txt", "html": f"html/{id_}.html",
                   "url": f"https://gazette.example/news/{id_}", "language": language,
                   "with": [body[0][:40], body[1][20:70], body[2][-45:]],
                   "without": ["Subscribe now", "Contact the newsroom",
                               "All rights reserved."]}
            truth.write(json.dumps(row, ensure_ascii=False) + "\n")
    return folder


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Figures:
    return eval_web(write_web_dir(tmp_path_factory.mktemp("web") / "web-dev"))


def test_every_web_figure_is_computed(web: Figures) -> None:
    assert web["pages"] == 3 and web["with"] == 9 and web["without"] == 9
    assert list(web["groups"]) == [ALL, OTHER, NONE]  # en and de: under 5 pages each
    assert [web["groups"][g]["pages"] for g in (ALL, OTHER, NONE)] == [3, 2, 1]
    for part in web["groups"].values():
        for method in METHODS:
            assert all(0.0 <= part[method][k] <= 1.0
                       for k in ("with_recall", "without_removal", "harmonic", "proxy_f1"))
    total = web["groups"][ALL]
    assert total["proxy_pages"] == 3
    assert total[REFERENCE]["proxy_f1"] == 1.0  # the proxy's own reference
    assert total[TXT_NEWSPACK]["proxy_f1"] > total[NO_CLEANING]["proxy_f1"]
    assert web["titles"]["pages_one_h1"] == 2  # the third page has two non-empty h1
    assert web["dates"]["htmldate_found"] == 3
    assert 0 <= web["dates"]["agree"] <= web["dates"]["both"] <= web["dates"]["dated_from_txt"]
    assert len(web["lowest_proxy_f1"]) == 3
    f1s = [p["proxy_f1"] for p in web["lowest_proxy_f1"]]
    assert f1s == sorted(f1s)


def test_the_dump_as_is_keeps_every_with_snippet_and_every_without(web: Figures) -> None:
    for part in web["groups"].values():
        assert part[NO_CLEANING]["with_recall"] == 1.0
        assert part[NO_CLEANING]["without_removal"] == 0.0
        assert part[NO_CLEANING]["harmonic"] == 0.0


def test_the_web_rows_carry_the_two_targets(web: Figures, capsys) -> None:
    rows = web_rows(web)
    targets = {r.label: r.bound for r in rows if r.op}
    html_bound = web["groups"][ALL][REFERENCE]["harmonic"] - 0.01
    assert targets == {"web txt dump newspack: harmonic mean": 0.80,
                       "web HTML newspack: harmonic mean": pytest.approx(html_bound)}
    assert all(r.value is not None for r in rows)
    assert HTML_NEWSPACK in web["empty"]
    print_web(web, show_examples=True)
    out = capsys.readouterr().out
    assert "PROXY" in out and "lowest proxy F1" in out and "titles:" in out


def test_a_missing_folder_is_skipped_with_one_note(tmp_path: Path, capsys) -> None:
    web = eval_web(tmp_path / "no-such-folder")
    assert list(web) == ["skipped"] and web_rows(web) == []
    print_web(web, show_examples=True)
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert len(lines) == 1 and "skipped" in lines[0]


def test_token_f1_and_date_precision() -> None:
    assert token_f1(Counter("a b b".split()), Counter("a b".split())) == pytest.approx(0.8)
    assert token_f1(Counter(), Counter()) == 1.0
    assert same_date("2016-10", "2016-10-02") and same_date("2016-10-02", "2016-10")
    assert not same_date("2016-10-03", "2016-10-02")
