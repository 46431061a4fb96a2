"""HTML pages to text and metadata, through trafilatura (the ``[html]`` extra).

trafilatura removes the page's navigation and boilerplate and reads the title, date,
author and site name from the page's metadata. Its date search is kept to the page's
metadata (no guessing from dates mentioned in the body).
"""

from __future__ import annotations

from dataclasses import dataclass


class MissingExtra(Exception):
    """trafilatura is not installed."""


@dataclass(frozen=True, slots=True)
class Page:
    text: str
    meta: dict[str, str]  # title, date, publisher, author when the page names them


def read_page(html: str) -> Page:
    try:
        import trafilatura
    except ImportError as e:
        raise MissingExtra(f"HTML needs trafilatura ({e}): pip install 'newspack[html]'") \
            from None
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True})
    if doc is None:
        return Page("", {})
    fields = {"title": doc.title, "date": doc.date, "publisher": doc.sitename,
              "author": doc.author}
    return Page(doc.text or "", {k: v for k, v in fields.items() if v})
