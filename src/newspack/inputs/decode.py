"""Bytes to clean Unicode: the cheap path for valid UTF-8, repair only where needed.

Most inputs are valid UTF-8 without damage, so the common case costs one strict
``bytes.decode`` plus one regular-expression scan. charset-normalizer is asked only
when UTF-8 fails, and ftfy only on lines where a cheap mojibake signature appears.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer
import ftfy
from ftfy.badness import is_bad

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# A UTF-8 lead byte read as cp1252/Latin-1 (Â..ô) followed by a continuation byte read
# the same way: the fingerprint of classic mojibake ("pÃ¥", "â€“"). Cheap to scan; ftfy's
# own badness check confirms each hit before anything is changed.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)
# C0/C1 controls except tab and newline, and the other invisible troublemakers.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")


class DecodeError(ValueError):
    """The bytes are not text (binary or no encoding fits); reason is a rejection reason."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    repaired: bool


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    return b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) // 10


def to_text(data: bytes) -> tuple[str, str]:
    """Decode bytes; returns (text, encoding name). Raises DecodeError."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as e:
                detail = f"{name} BOM but invalid data: {e.reason}"
                raise DecodeError("undecodable", detail) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_binary(data):
        raise DecodeError("binary", "control bytes in the first 8 KiB")
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise DecodeError("undecodable", "no text encoding fits the bytes")
    best = _prefer_western(matches)
    return str(best), best.encoding


# When charset-normalizer finds several encodings equally plausible (a short Nordic text
# reads as well in cp1250 as in cp1252), take the one news sites actually used.
_PREFERRED = ("cp1252", "iso8859_15", "latin_1", "mac_roman", "cp850", "cp865")
_TIE = 0.02


def _prefer_western(matches: list) -> object:
    best = matches[0]
    tied = [m for m in matches if m.chaos <= best.chaos + _TIE
            and m.coherence >= best.coherence - _TIE and m.encoding in _PREFERRED]
    return min(tied, key=lambda m: _PREFERRED.index(m.encoding)) if tied else best


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Fix mojibake line by line, only where the cheap hint and ftfy both see damage.

    >>> repair_mojibake("Det er p\u00c3\u00a5 tide.\\nHei")
    ('Det er på tide.\\nHei', True)
    >>> repair_mojibake("på «norsk»")
    ('på «norsk»', False)
    """
    if text.isascii() or not _MOJIBAKE_HINT.search(text):
        return text, False
    lines = text.split("\n")
    changed = False
    for i, line in enumerate(lines):
        if _MOJIBAKE_HINT.search(line) and is_bad(line):
            fixed = ftfy.fix_encoding(line)
            if fixed != line:
                lines[i], changed = fixed, True
    return "\n".join(lines), changed


def normalize(text: str) -> str:
    """NFC, LF line ends, no control characters (tabs become spaces).

    >>> normalize("a\\r\\nb\\rc\\x00d\\te\u0301")
    'a\\nb\\ncd é'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")
    text = _CONTROL.sub("", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text


def decode(data: bytes) -> Decoded:
    """Bytes to normalised text, the encoding it came from, and whether it was repaired."""
    if not data.strip():
        raise DecodeError("empty", "no bytes" if not data else "whitespace only")
    text, encoding = to_text(data)
    text, repaired = repair_mojibake(text)
    return Decoded(normalize(text), encoding, repaired)
