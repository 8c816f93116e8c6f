"""What a document's descriptive fields may hold, and how untrusted text is shown on a terminal.

One place for both: ``import`` refuses a manifest row whose field breaks a rule here, and the
catalogue drops (with a warning) a stored value that breaks one, so no later stage ever has to
parse a value it cannot (a ``published`` of ``21/03/2014`` once stopped every index build).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from urllib.parse import urlsplit

from .vocabulary import KINDS

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Ofsted URNs: digits (80431, 2532283), children's homes with a two-letter prefix (SC035755).
_URN = re.compile(r"(?:[A-Z]{2})?\d{4,8}")
MAX_TEXT_CHARS = 500


def _date_problem(value: str) -> str | None:
    if _ISO_DATE.fullmatch(value):
        try:
            date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return "is not a date written YYYY-MM-DD"


def _urn_problem(value: str) -> str | None:
    return None if _URN.fullmatch(value) else "is not an Ofsted URN (digits, optionally after two capital letters)"


def _kind_problem(value: str) -> str | None:
    return None if value in KINDS else f"is not a kind of document ({', '.join(KINDS)})"


def _url_problem(value: str) -> str | None:
    parts = urlsplit(value)
    if parts.scheme.lower() in ("http", "https") and parts.netloc and not _has_control(value):
        return None
    return "is not an http:// or https:// address"


def _text_problem(value: str) -> str | None:
    if _has_control(value):
        return "contains control characters"
    if len(value) > MAX_TEXT_CHARS:
        return f"is longer than {MAX_TEXT_CHARS} characters"
    return None


RULES = {
    "provider_urn": _urn_problem,
    "local_authority": _text_problem,
    "title": _text_problem,
    "published": _date_problem,
    "kind": _kind_problem,
    "source_url": _url_problem,
}


def field_problem(name: str, value: str | None) -> str | None:
    """Why ``value`` is not acceptable for the document field ``name`` (None when it is, or
    when it is empty: a field may always be unknown)."""
    if value is None or value == "" or name not in RULES:
        return None
    if not isinstance(value, str):
        return "is not text"
    return RULES[name](value)


def _has_control(text: str) -> bool:
    return any(unicodedata.category(character) in ("Cc", "Cs") for character in text)


def printable(text: str) -> str:
    """``text`` safe to write on one terminal line: control characters (escape sequences,
    newlines) and undecodable file-name bytes (surrogate escapes) shown as ``\\x1b``-style
    escapes, everything else as it is."""
    out = []
    for character in text:
        code = ord(character)
        if 0xDC80 <= code <= 0xDCFF:          # a byte os.fsdecode could not decode
            out.append(f"\\x{code - 0xDC00:02x}")
        elif unicodedata.category(character) in ("Cc", "Cs"):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(character)
    return "".join(out)
