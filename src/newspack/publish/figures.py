"""The card's figures: PNG plots of a version, byte for byte the same for the same data.

matplotlib draws them with its Agg renderer at a fixed size and resolution, in matplotlib's
default style (whatever the user's matplotlibrc says) and the DejaVu Sans it ships, and
writes them without the "Software" text chunk, so no version string or clock gets into
the bytes. matplotlib is imported only when the figures are drawn (importing it costs
about half a second). Each figure reads a few columns and draws counts or quartiles, never
a mark a document (outliers are not drawn), so the images stay small at any corpus size.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

FOLDER = "figures"
LANGUAGE_YEAR = "documents_by_language_year.png"
LENGTH = "length_by_language.png"
CONFIDENCE = "language_confidence.png"
DUPLICATES = "duplicate_shares.png"
NAMES = (LANGUAGE_YEAR, LENGTH, CONFIDENCE, DUPLICATES)
SIZE = (6.4, 3.6)  # inches, at DPI: 640 x 360 pixels
DPI = 100
RC = {"font.family": "DejaVu Sans", "font.size": 9, "figure.dpi": DPI, "savefig.dpi": DPI,
      "savefig.bbox": None, "svg.hashsalt": "newspack", "axes.spines.top": False,
      "axes.spines.right": False}
UNKNOWN_YEAR = "unknown"


def _names(values: Sequence[str]) -> str:
    return ", ".join(values) if values else "none"


def alt_texts(stats: dict) -> dict[str, str]:
    """What each figure shows, in words (the card's alt text), from the statistics."""
    langs = list(stats["by_language"])
    years = [y for y in stats["by_year"] if y != "(none)"]
    span = f"{years[0]} to {years[-1]}" if years else "no known year"
    unknown = ", and unknown" if years and "(none)" in stats["by_year"] else ""
    return {
        LANGUAGE_YEAR: f"Bar chart of documents per publication year ({span}{unknown}), "
                       f"stacked by language ({_names(langs)}).",
        LENGTH: "Box plot of document length in characters for each language "
                f"({_names(langs)}): median, quartiles and whiskers at 1.5 IQR.",
        CONFIDENCE: "Histogram of the language identifier's confidence (0 to 1) in bins of "
                    f"0.05, stacked by language ({_names(langs)}).",
        DUPLICATES: "Horizontal stacked bars: for all documents and each language, the share "
                    f"kept, exact duplicates and near duplicates ({stats['duplicates']} "
                    f"duplicates of {stats['documents']} documents).",
    }


def markdown(stats: dict) -> str:
    """The card's figures section: each image by its relative path, with its alt text (the
    Hub renders a card's relative images from the repository)."""
    alts = alt_texts(stats)
    return "### Figures\n\n" + "\n\n".join(f"![{alts[name]}]({FOLDER}/{name})"
                                            for name in NAMES)


def _codes(values: pa.ChunkedArray) -> tuple[np.ndarray, list[str]]:
    """Each row's index into the sorted distinct values, and those values."""
    names = sorted(v for v in pc.unique(values).to_pylist() if v is not None)
    index = pc.index_in(values, value_set=pa.array(names, values.type))
    return pc.fill_null(index, -1).to_numpy(), names


def _language_year(ax, lang: np.ndarray, langs: list[str], year: np.ndarray) -> None:
    known = np.unique(year[year >= 0])
    cols = [str(y) for y in known] + ([UNKNOWN_YEAR] if (year < 0).any() else [])
    col = np.where(year >= 0, np.searchsorted(known, year), len(known))
    counts = np.bincount(lang * len(cols) + col, minlength=len(langs) * len(cols))
    x = np.arange(len(cols))
    bottom = np.zeros(len(cols))
    for i, name in enumerate(langs):
        row = counts[i * len(cols):(i + 1) * len(cols)]
        ax.bar(x, row, bottom=bottom, label=name, width=0.8)
        bottom += row
    ax.set_xticks(x, cols, rotation=90 if len(cols) > 12 else 0)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel("documents")
    ax.set_title("Documents per language and year")


def _length(ax, lang: np.ndarray, langs: list[str], n_chars: np.ndarray) -> None:
    data = [n_chars[lang == i] for i in range(len(langs))]
    ax.boxplot(data, tick_labels=langs, showfliers=False)
    ax.set_ylim(bottom=0)
    ax.set_ylabel("characters")
    ax.set_title("Document length per language")


def _confidence(ax, lang: np.ndarray, langs: list[str], scores: np.ndarray) -> None:
    ax.hist([scores[lang == i] for i in range(len(langs))], bins=np.linspace(0, 1, 21),
            stacked=True, label=langs)
    ax.set_xlim(0, 1)
    ax.set_xlabel("language_score")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel("documents")
    ax.set_title("Language identification confidence")


KIND_LABELS = ("kept", "exact", "near")


def _duplicates(ax, lang: np.ndarray, langs: list[str], kind: np.ndarray) -> None:
    groups = ["all", *langs]
    counts = np.vstack([np.bincount(kind, minlength=3),
                        *(np.bincount(kind[lang == i], minlength=3) for i in range(len(langs)))])
    shares = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    y = np.arange(len(groups))
    left = np.zeros(len(groups))
    for k, label in enumerate(KIND_LABELS):
        ax.barh(y, shares[:, k], left=left, label=label, height=0.7)
        left += shares[:, k]
    for row, kept in zip(y, shares[:, 0], strict=True):  # small shares are thin bars: say them
        ax.text(0.01, row, f"{1 - kept:.1%} duplicates", va="center", color="white")
    ax.set_yticks(y, groups)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of documents")
    ax.set_title("Duplicate shares")


def render(table: pa.Table, kinds: np.ndarray, folder: Path) -> list[Path]:
    """Draw every figure of NAMES into ``folder``; the files written, in NAMES order.
    ``table`` has the records' columns (language, year, n_chars, language_score) and
    ``kinds`` their duplicate kind (corpus.dedup's codes: 0 kept, 1 exact, 2 near), row
    for row."""
    import matplotlib.style
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    lang, langs = _codes(table.column("language"))
    year = pc.fill_null(table.column("year"), -1).to_numpy().astype(np.int64)
    n_chars = table.column("n_chars").to_numpy()
    scores = table.column("language_score").to_numpy()
    kind = np.asarray(kinds, dtype=np.int64)
    draw = {LANGUAGE_YEAR: lambda ax: _language_year(ax, lang, langs, year),
            LENGTH: lambda ax: _length(ax, lang, langs, n_chars),
            CONFIDENCE: lambda ax: _confidence(ax, lang, langs, scores),
            DUPLICATES: lambda ax: _duplicates(ax, lang, langs, kind)}
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with matplotlib.style.context("default"), matplotlib.rc_context(RC):
        for name in NAMES:
            # fixed margins, not a layout engine: that would draw every figure twice
            fig = Figure(figsize=SIZE, dpi=DPI)
            FigureCanvasAgg(fig)
            fig.subplots_adjust(left=0.12, right=0.8, top=0.9, bottom=0.2)
            ax = fig.add_subplot()
            if table.num_rows:
                draw[name](ax)
                if name != LENGTH:
                    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1), frameon=False)
            else:
                ax.text(0.5, 0.5, "no documents", ha="center", va="center")
                ax.set_axis_off()
            path = folder / name
            fig.savefig(path, format="png", dpi=DPI, metadata={"Software": None})
            written.append(path)
    return written
