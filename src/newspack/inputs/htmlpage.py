"""HTML pages to text and metadata, through trafilatura.

trafilatura removes the page's navigation and boilerplate and reads the title, date,
author and site name from the page's metadata. Its date search is kept to the page's
metadata (no guessing from dates mentioned in the body). Tables stay, as text: results
tables and standings are part of a sports article.
"""

from __future__ import annotations

from dataclasses import dataclass

HTML_SUFFIXES = (".html", ".htm", ".xhtml")


class MissingExtra(Exception):
    """trafilatura cannot be imported (a broken install: it is a core dependency)."""


@dataclass(frozen=True, slots=True)
class Page:
    text: str
    meta: dict[str, str]  # title, date, publisher, author when the page names them


def is_html(name: str) -> bool:
    """Whether a file name says HTML.

    >>> is_html("a/page.HTML"), is_html("note.txt")
    (True, False)
    """
    return name.lower().endswith(HTML_SUFFIXES)


def read_page(html: str) -> Page:
    try:
        import trafilatura
    except ImportError as e:
        raise MissingExtra(f"HTML needs trafilatura ({e}): reinstall newspack") from None
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True})
    if doc is None:
        return Page("", {})
    fields = {"title": doc.title, "date": doc.date, "publisher": doc.sitename,
              "author": doc.author}
    return Page(doc.text or "", {k: v for k, v in fields.items() if v})
