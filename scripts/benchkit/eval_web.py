"""Evaluation 4, real web pages: the shared ``web-dev`` folder (291 pages, each a raw HTML
page, its naive text dump and a few "with" / "without" snippets, see its README.md).

Four ways to a page's text, each run once a page: the text dump as is (no cleaning),
newspack on the dump, trafilatura on the HTML, newspack on the HTML. Scored as the folder's
README says: text and snippets normalised (NFC, whitespace runs to one space, stripped);
"with recall" the share of ``with`` snippets found in the text, "without removal" the share
of ``without`` snippets not found, their harmonic mean; micro-averaged over snippets, per
declared language and in total. The *proxy* token F1 of a text is measured against
trafilatura's text of the page: a stand-in for the gold body we do not have. Titles and
dates are read from the text dumps and compared with the page's HTML (information only).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import htmldate
import lxml.html
import trafilatura
from charset_normalizer import from_bytes
from lxml import etree

from newspack.config import Config
from newspack.extract.document import RawDoc, Rejection, analyse

from .corpus import SCRIPTS
from .eval_common import Figures, ratio

WEB_DIR = SCRIPTS.parent.parent / "shared" / "corpus" / "web-dev"
TRUTH_FILE = "truth.jsonl"
NO_CLEANING, TXT_NEWSPACK = "txt/none", "txt/newspack"
REFERENCE, HTML_NEWSPACK = "html/trafilatura", "html/newspack"
METHODS = (NO_CLEANING, TXT_NEWSPACK, REFERENCE, HTML_NEWSPACK)
MIN_GROUP = 5  # a declared language with fewer pages counts as "other"
ALL, OTHER, NONE = "all", "other", "none"
LOWEST = 5  # pages of lowest proxy F1 kept as examples
HTML_PARSER = lxml.html.HTMLParser(encoding="utf-8")


@dataclass(frozen=True)
class Page:
    """What the four ways made of one page, and the title and date figures' inputs."""

    truth: dict
    texts: dict[str, str]  # method -> text ("" for a rejection)
    title: str | None  # newspack's, from the text dump
    h1: str | None  # the text of the page's only non-empty <h1>
    date: str | None  # newspack's, from the text dump
    html_date: str | None  # htmldate's, from the HTML


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def squash(text: str) -> str:
    return " ".join(text.split())


def tokens(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def token_f1(got: Counter[str], ref: Counter[str]) -> float:
    """Token F1 of two multisets of tokens (1.0 when both are empty)."""
    total = got.total() + ref.total()
    return 2 * (got & ref).total() / total if total else 1.0


def decode_html(raw: bytes) -> str:
    best = from_bytes(raw).best()
    return str(best) if best is not None else raw.decode("utf-8", "replace")


def only_h1(html: str) -> str | None:
    """The squashed text of the page's only non-empty ``<h1>``; None when it has 0 or 2+."""
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=HTML_PARSER)
    except (etree.ParserError, ValueError):
        return None
    heads = [text for h1 in root.iter("h1") if (text := squash(h1.text_content()))]
    return heads[0] if len(heads) == 1 else None


def text_of(result) -> str:
    return "" if isinstance(result, Rejection) else result.text


def run_page(folder: Path, truth: dict, config: Config) -> Page:
    """The page through all four ways; trafilatura and htmldate once each."""
    dump = (folder / truth["txt"]).read_bytes()
    raw_html = (folder / truth["html"]).read_bytes()
    from_dump = analyse(RawDoc(truth["txt"], dump), config).result
    from_html = analyse(RawDoc(truth["html"], raw_html, fmt="html"), config).result
    html = decode_html(raw_html)
    texts = {NO_CLEANING: dump.decode("utf-8", "replace"), TXT_NEWSPACK: text_of(from_dump),
             REFERENCE: trafilatura.extract(html, include_tables=True,
                                            include_comments=False) or "",
             HTML_NEWSPACK: text_of(from_html)}
    record = None if isinstance(from_dump, Rejection) else from_dump
    return Page(truth, texts, record and record.title, only_h1(html), record and record.date,
                htmldate.find_date(html, original_date=True, extensive_search=False))


def groups_of(truth: list[dict]) -> dict[str, str]:
    """Page id -> its group: the declared language, "other" below MIN_GROUP pages, "none"."""
    counts = Counter(t["language"] for t in truth)
    return {t["id"]: NONE if t["language"] is None
            else t["language"] if counts[t["language"]] >= MIN_GROUP else OTHER for t in truth}


def score_text(truth: dict, text: str) -> Counter[str]:
    clean = norm(text)
    return Counter(with_total=len(truth["with"]), without_total=len(truth["without"]),
                   with_found=sum(norm(s) in clean for s in truth["with"]),
                   without_kept=sum(norm(s) in clean for s in truth["without"]))


def harmonic(r: float | None, k: float | None) -> float | None:
    if r is None or k is None:
        return None
    return 2 * r * k / (r + k) if r + k else 0.0


def method_figures(tally: Counter) -> Figures:
    r = ratio(tally["with_found"], tally["with_total"])
    k = ratio(tally["without_total"] - tally["without_kept"], tally["without_total"])
    return {"with_recall": r, "without_removal": k, "harmonic": harmonic(r, k),
            "proxy_f1": ratio(tally["f1_sum"], tally["f1_pages"])}


def page_f1s(page: Page) -> dict[str, float] | None:
    """Proxy token F1 of each way's text; None when trafilatura found no text."""
    ref = tokens(page.texts[REFERENCE])
    if not ref:
        return None
    return {m: token_f1(tokens(text), ref) for m, text in page.texts.items()}


def missed(truth: dict, text: str) -> tuple[list[str], list[str]]:
    """The ``with`` snippets the text lacks and the ``without`` snippets it keeps."""
    clean = norm(text)
    return ([s for s in truth["with"] if norm(s) not in clean],
            [s for s in truth["without"] if norm(s) in clean])


def lowest(pages: list[Page], f1s: list[dict[str, float] | None]) -> list[Figures]:
    """The LOWEST pages by the text dumps' (newspack's) proxy F1."""
    scored = sorted((f1[TXT_NEWSPACK], i) for i, f1 in enumerate(f1s) if f1)
    out = []
    for f1, i in scored[:LOWEST]:
        page = pages[i]
        lacks, keeps = missed(page.truth, page.texts[TXT_NEWSPACK])
        out.append({"id": page.truth["id"], "url": page.truth["url"],
                    "language": page.truth["language"], "proxy_f1": f1,
                    "proxy_f1_no_cleaning": f1s[i][NO_CLEANING],
                    "chars": {m: len(page.texts[m]) for m in (TXT_NEWSPACK, REFERENCE)},
                    "with_missed": lacks, "without_kept": keeps,
                    "newspack_start": page.texts[TXT_NEWSPACK][:160],
                    "trafilatura_start": page.texts[REFERENCE][:160]})
    return out


def title_figures(pages: list[Page]) -> Figures:
    one_h1 = [p for p in pages if p.h1 is not None]
    equal = sum(squash(p.title or "") == p.h1 for p in one_h1)
    return {"pages_one_h1": len(one_h1), "equal": equal, "share": ratio(equal, len(one_h1))}


def same_date(a: str, b: str) -> bool:
    """Whether two ISO dates agree at the coarser one's precision."""
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def date_figures(pages: list[Page]) -> Figures:
    both = [p for p in pages if p.date and p.html_date]
    agree = sum(same_date(p.date, p.html_date) for p in both)
    return {"dated_from_txt": sum(bool(p.date) for p in pages),
            "htmldate_found": sum(bool(p.html_date) for p in pages),
            "both": len(both), "agree": agree, "agree_share": ratio(agree, len(both))}


def score_pages(pages: list[Page]) -> Figures:
    """Every web figure of already run pages."""
    group_of = groups_of([p.truth for p in pages])
    tallies: dict[str, dict[str, Counter]] = {}
    f1s = [page_f1s(p) for p in pages]
    for page, f1 in zip(pages, f1s, strict=True):
        for group in (ALL, group_of[page.truth["id"]]):
            part = tallies.setdefault(group, {m: Counter() for m in (*METHODS, "pages")})
            part["pages"].update(pages=1, proxy_pages=int(f1 is not None))
            for method in METHODS:
                part[method] += score_text(page.truth, page.texts[method])
                if f1 is not None:
                    part[method].update(f1_sum=f1[method], f1_pages=1)
    order = [ALL, *sorted(g for g in tallies if g not in (ALL, OTHER, NONE)), OTHER, NONE]
    groups = {g: {"pages": tallies[g]["pages"]["pages"],
                  "proxy_pages": tallies[g]["pages"]["proxy_pages"],
                  **{m: method_figures(tallies[g][m]) for m in METHODS}}
              for g in order if g in tallies}
    snippets = tallies[ALL][NO_CLEANING] if pages else Counter()
    return {"pages": len(pages), "with": snippets["with_total"],
            "without": snippets["without_total"], "groups": groups,
            "empty": {m: sum(not p.texts[m] for p in pages) for m in METHODS[1:]},
            "titles": title_figures(pages), "dates": date_figures(pages),
            "lowest_proxy_f1": lowest(pages, f1s)}


def eval_web(folder: Path | None = None) -> Figures:
    """The web figures of ``folder`` (default WEB_DIR); {"skipped": note} when it is absent."""
    folder = folder or WEB_DIR
    truth_path = folder / TRUTH_FILE
    if not truth_path.is_file():
        return {"skipped": f"web-dev: no {truth_path}, web evaluation skipped (pass --web-dir)"}
    with truth_path.open(encoding="utf-8") as f:
        truth = [json.loads(line) for line in f if line.strip()]
    config = Config()
    figures = score_pages([run_page(folder, t, config) for t in truth])
    return {"dir": str(folder), **figures}
