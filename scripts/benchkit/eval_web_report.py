"""The web-dev part of ``scripts/eval_extract.py``'s report: its rows of the figure table
(two targets, the rest information), the table per declared language, the title and date
figures, and the pages of lowest proxy F1."""

from __future__ import annotations

from .eval_common import Figures, Row, fmt
from .eval_web import ALL, HTML_NEWSPACK, METHODS, NO_CLEANING, REFERENCE, TXT_NEWSPACK

TXT_TARGET = 0.80  # newspack on the text dumps: harmonic mean at least this
HTML_MARGIN = 0.01  # newspack on the HTML: harmonic mean at least trafilatura's minus this
NAMES = {NO_CLEANING: ("txt dump", "no cleaning"), TXT_NEWSPACK: ("txt dump", "newspack"),
         REFERENCE: ("HTML", "trafilatura"), HTML_NEWSPACK: ("HTML", "newspack")}
PROXY_NOTE = ("proxy F1 is a PROXY, not a score: token F1 (lowercased \\w+ tokens, multiset "
              "overlap)\nagainst trafilatura-on-HTML's text, which stands in for the gold body "
              "we do not have\n(so trafilatura scores 100 % by definition)")


def target_rows(web: Figures) -> dict[str, Row]:
    """Method -> its harmonic-mean row over all pages, a target for newspack's two."""
    total = web["groups"][ALL]
    bound = {TXT_NEWSPACK: TXT_TARGET}
    if total[REFERENCE]["harmonic"] is not None:
        bound[HTML_NEWSPACK] = total[REFERENCE]["harmonic"] - HTML_MARGIN
    return {m: Row(f"web {' '.join(NAMES[m])}: harmonic mean", total[m]["harmonic"],
                   *((">=", bound[m]) if m in bound else ())) for m in METHODS}


def web_rows(web: Figures | None) -> list[Row]:
    """The web figures of the report's table; none when the evaluation was skipped."""
    if not web or "skipped" in web:
        return []
    titles, dates = web["titles"], web["dates"]
    return [*target_rows(web).values(),
            Row(f"web title == only h1 ({titles['pages_one_h1']} pages)", titles["share"]),
            Row(f"web date agrees with htmldate ({dates['both']} pages)", dates["agree_share"])]


def print_web(web: Figures | None, show_examples: bool) -> None:
    if not web:
        return
    if "skipped" in web:
        print(f"\n{web['skipped']}")
        return
    print(f"\nweb-dev: {web['pages']} pages, {web['with']} with / {web['without']} "
          f"without snippets ({web['dir']})")
    print(PROXY_NOTE)
    targets = target_rows(web)
    print(f"{'group':<7}{'pages':>6}  {'input':<9}{'cleaner':<13}{'with recall':>13}"
          f"{'without rem.':>13}{'harmonic':>10}{'proxy F1':>10}  target")
    for group, part in web["groups"].items():
        for i, method in enumerate(METHODS):
            fig = part[method]
            head = f"{group:<7}{part['pages']:>6}" if i == 0 else " " * 13
            row = targets[method]
            mark = f"{row.op} {fmt(row.bound)} {row.status}" if group == ALL and row.op else ""
            print(f"{head}  {NAMES[method][0]:<9}{NAMES[method][1]:<13}"
                  f"{fmt(fig['with_recall']):>13}{fmt(fig['without_removal']):>13}"
                  f"{fmt(fig['harmonic']):>10}{fmt(fig['proxy_f1']):>10}  {mark}".rstrip())
    total = web["groups"][ALL]
    print(f"proxy F1 over the {total['proxy_pages']} pages where trafilatura found text; "
          f"empty texts: " + ", ".join(f"{' '.join(NAMES[m])} {n}"
                                        for m, n in web["empty"].items()))
    print_titles_dates(web)
    if show_examples:
        print_lowest(web["lowest_proxy_f1"])


def print_titles_dates(web: Figures) -> None:
    titles, dates = web["titles"], web["dates"]
    print(f"titles: newspack's title (txt dump) == the page's only non-empty <h1> on "
          f"{titles['equal']} of the {titles['pages_one_h1']} pages that have exactly one "
          f"({fmt(titles['share'])})")
    print(f"dates: newspack dates {dates['dated_from_txt']} of {web['pages']} txt dumps; "
          f"htmldate dates {dates['htmldate_found']} pages; of the {dates['both']} pages dated "
          f"by both, {dates['agree']} agree at their precision ({fmt(dates['agree_share'])})")


def print_lowest(pages: list[Figures]) -> None:
    print(f"\n== the {len(pages)} pages of lowest proxy F1, newspack on the txt dumps")
    for page in pages:
        chars = page["chars"]
        print(f"  {page['id']} [{page['language']}] proxy F1 {fmt(page['proxy_f1'])} "
              f"(no cleaning {fmt(page['proxy_f1_no_cleaning'])}) {page['url']}")
        print(f"    newspack {chars[TXT_NEWSPACK]} chars, trafilatura {chars[REFERENCE]} chars;"
              f" with missed {page['with_missed']}; without kept {page['without_kept']}")
        print(f"    newspack:    {page['newspack_start']!r}")
        print(f"    trafilatura: {page['trafilatura_start']!r}")
