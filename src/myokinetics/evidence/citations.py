"""The bibliography: a tiny BibTeX reader over ``references.bib`` and formatters.

Every ``source`` in the model (parameters, routes, the exercise library,
validation studies) is a comma-separated list of keys into ``references.bib``
(the token ``assumption`` is not a key).  This module reads the file without any
dependency, formats entries as one-line references, and reports keys that are
missing instead of failing.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import Iterable

BIB_PATH = Path(__file__).with_name("references.bib")
ASSUMPTION = "assumption"

_LATEX = {
    r"\o": "ø", r"\O": "Ø", r"\aa": "å", r"\AA": "Å", r"\ss": "ß", r"\ae": "æ", r"\&": "&", r"\%": "%",
    r"\_": "_", "---": "—", "--": "–", "~": " ",
}
_ACCENTS = {"'": "\u0301", "`": "\u0300", '"': "\u0308", "^": "\u0302", "~": "\u0303", "c": "\u0327", "=": "\u0304"}


# ---------------------------------------------------------------- parsing
def _match_brace(text: str, i: int) -> int:
    """Index of the brace closing the one at ``text[i]``."""
    depth = 0
    for j in range(i, len(text)):
        if text[j] == "{" and (j == 0 or text[j - 1] != "\\"):
            depth += 1
        elif text[j] == "}" and (j == 0 or text[j - 1] != "\\"):
            depth -= 1
            if depth == 0:
                return j
    raise ValueError(f"unbalanced braces from offset {i}")


def _fields(body: str) -> dict[str, str]:
    """``name = {value}`` / ``name = "value"`` / ``name = 1998`` pairs of one entry."""
    out: dict[str, str] = {}
    i, n = 0, len(body)
    while i < n:
        m = re.compile(r"\s*,?\s*([A-Za-z][\w\-]*)\s*=\s*").match(body, i)
        if not m:
            break
        name, i = m.group(1).lower(), m.end()
        if i < n and body[i] == "{":
            j = _match_brace(body, i)
            value, i = body[i + 1:j], j + 1
        elif i < n and body[i] == '"':
            j = i + 1
            depth = 0
            while j < n and not (body[j] == '"' and depth == 0 and body[j - 1] != "\\"):
                depth += {"{": 1, "}": -1}.get(body[j], 0)
                j += 1
            value, i = body[i + 1:j], j + 1
        else:
            m2 = re.compile(r"[^,}\s]+").match(body, i)
            value, i = (m2.group(0), m2.end()) if m2 else ("", i + 1)
        out[name] = re.sub(r"\s+", " ", value).strip()
    return out


def parse_bibtex(text: str) -> dict[str, dict[str, str]]:
    """Entries of a BibTeX text: key -> fields (lower-case names, plus ``type``).

    Comments (``%`` lines, ``@comment``) and ``@string``/``@preamble`` are skipped.
    A key that appears twice keeps the entry with more fields.
    """
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("%"))
    entries: dict[str, dict[str, str]] = {}
    for m in re.finditer(r"@(\w+)\s*\{", text):
        kind = m.group(1).lower()
        start = m.end() - 1
        try:
            end = _match_brace(text, start)
        except ValueError:
            continue
        if kind in ("comment", "string", "preamble"):
            continue
        body = text[start + 1:end]
        key, _, rest = body.partition(",")
        key = key.strip()
        if not key:
            continue
        fields = _fields(rest)
        fields["type"] = kind
        if key not in entries or len(fields) > len(entries[key]):
            entries[key] = fields
    return entries


@functools.lru_cache(maxsize=1)
def bibliography() -> dict[str, dict[str, str]]:
    """All entries of ``references.bib`` (read once)."""
    return parse_bibtex(BIB_PATH.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- formatting
def _plain(s: str) -> str:
    """Strip LaTeX markup: accents, protective braces, a few escapes."""
    s = re.sub(r"\\url\{([^}]*)\}", r"\1", s)
    s = re.sub(r"\{\$\\(\w+)\$\}|\$\\(\w+)\$", lambda m: {"chi": "χ"}.get(m.group(1) or m.group(2), ""), s)
    s = re.sub(r"\{?\\([`'\"^~=c])\{?\s*\\?(\w)\}?\}?",
               lambda m: m.group(2) + _ACCENTS[m.group(1)], s)
    for k, v in _LATEX.items():
        s = s.replace(k, v)
    return unicodedata.normalize("NFC", s.replace("{", "").replace("}", "")).strip()


def _author(name: str) -> str:
    """'Ostrowski, Kenneth' or 'Kenneth Ostrowski' -> 'Ostrowski K'."""
    name = name.strip()
    if name.startswith("{") and name.endswith("}"):          # corporate author
        return _plain(name)
    name = _plain(name)
    if name.lower() == "others":
        return "et al."
    if "," in name:
        last, first = [p.strip() for p in name.split(",", 1)]
    else:
        parts = name.split()
        last, first = parts[-1], " ".join(parts[:-1])
    initials = "".join(p[0].upper() for p in re.split(r"[\s.\-]+", first) if p and p[0].isalpha())
    return f"{last} {initials}".strip()


def _split_names(field: str) -> list[str]:
    """Split an author field on ' and ' outside braces (a braced name is one corporate author)."""
    names, depth, start = [], 0, 0
    for m in re.finditer(r"[{}]|\s+and\s+", field):
        tok = m.group(0)
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
        elif depth == 0:
            names.append(field[start:m.start()])
            start = m.end()
    names.append(field[start:])
    return [n for n in names if n.strip()]


def _authors(field: str, limit: int = 6) -> str:
    names = [_author(a) for a in _split_names(field)]
    etal = "et al." in names
    names = [n for n in names if n != "et al."]
    if len(names) > limit:
        names, etal = names[:limit], True
    return ", ".join(names) + (", et al." if etal else "")


def format_reference(key: str) -> str:
    """One-line reference, e.g. 'Steensberg A, ... (2000). Title. J Physiol 529:237–242. doi:...'.

    An unknown key gives '<key>: missing from references.bib'.
    """
    e = bibliography().get(key)
    if e is None:
        return f"{key}: missing from references.bib"
    parts = []
    head = _authors(e["author"]) if e.get("author") else ""
    year = e.get("year", "n.d.")
    parts.append(f"{head} ({year})." if head else f"({year}).")
    if e.get("title"):
        parts.append(_plain(e["title"]).rstrip(".") + ".")
    venue = e.get("journal") or e.get("booktitle") or e.get("howpublished") or e.get("publisher") or ""
    if venue:
        where = _plain(venue)
        if e.get("volume"):
            where += f" {_plain(e['volume'])}"
            if e.get("number"):
                where += f"({_plain(e['number'])})"
        if e.get("pages"):
            where += (":" if e.get("volume") else ", ") + _plain(e["pages"])
        parts.append(where + ".")
    if e.get("doi"):
        parts.append(f"doi:{e['doi']}")
    elif e.get("url"):
        parts.append(_plain(e["url"]))
    elif e.get("pmid"):
        parts.append(f"PMID {e['pmid']}")
    return " ".join(parts)


def split_keys(source: str | Iterable[str]) -> list[str]:
    """Keys of a source field ('a, b, assumption') or of a list of keys, in order, without 'assumption'."""
    items = re.split(r"[,;]", source) if isinstance(source, str) else list(source)
    keys = [k.strip() for k in items if k and k.strip() and k.strip() != ASSUMPTION]
    return list(dict.fromkeys(keys))


def missing_keys(keys: str | Iterable[str]) -> list[str]:
    """Keys not in ``references.bib`` (sorted)."""
    bib = bibliography()
    return sorted(k for k in split_keys(keys) if k not in bib)


def format_citations(keys: str | Iterable[str]) -> str:
    """Numbered list of references (sorted by key); unknown keys are listed, never raised."""
    keys = sorted(split_keys(keys))
    if not keys:
        return ""
    bib = bibliography()
    return "\n".join(f"[{i}] {format_reference(k) if k in bib else k + ': missing from references.bib'}"
                     for i, k in enumerate(keys, 1))


# ---------------------------------------------------------------- verification
VERIFIED, PARTLY, UNVERIFIED = "verified", "partly verified", "unverified"

#: what could not be checked: "[U]", "[U in the evidence table]", "unverified", "not verified", "from memory", "WRONG:"
_NEGATIVE = re.compile(r"\[U\b|\bunverified\b|\bnot\s+verified\b|\bfrom memory\b|\bWRONG:", re.I)
#: what was checked against a primary record: "[V]", "verified" (not "unverified"), "abstract seen", "checked"
_PRIMARY = re.compile(r"\[V\]|(?<![\w-])verified\b(?!\s+(?:in|from|via)\s+secondary)|\babstract seen\b|\bchecked\b", re.I)
#: seen only in a secondary source: "[V2]", "verified in secondary sources"
_SECONDARY = re.compile(r"\[V2\]|\bverified\s+(?:in|from|via)\s+secondary", re.I)


def note_status(note: str) -> str:
    """Verification status a ``note`` field states (see the header of ``references.bib``).

    * ``"verified"``: something was checked against the source itself ([V], "verified against ...",
      "abstract seen", "checked") and nothing is named as unchecked;
    * ``"partly verified"``: checked in part ([V] or [V2] with [U] / "unverified: ..."), or seen only in a
      secondary source ([V2]);
    * ``"unverified"``: nothing checked (no marker, an empty note, only "unverified: ..."), or marked
      ``WRONG:`` (the source does not say what is cited).
    """
    note = note or ""
    if re.search(r"\bWRONG:", note):
        return UNVERIFIED
    negative = bool(_NEGATIVE.search(note))
    primary = bool(_PRIMARY.search(_NEGATIVE.sub(" ", note)))
    secondary = bool(_SECONDARY.search(note))
    if primary and not negative:
        return VERIFIED
    if primary or secondary:
        return PARTLY
    return UNVERIFIED


def verification_status(key: str, bib: dict[str, dict[str, str]] | None = None) -> str:
    """``"verified"``, ``"partly verified"`` or ``"unverified"`` for one key, read from its ``note``.

    A key missing from the bibliography is ``"unverified"``.  ``bib`` defaults to ``references.bib``.
    """
    entry = (bibliography() if bib is None else bib).get(key.strip())
    if entry is None:
        return UNVERIFIED
    return note_status(entry.get("note", ""))


def source_status(source: str, bib: dict[str, dict[str, str]] | None = None) -> str:
    """Status of a whole ``source`` field: ``"verified"`` when every key is, ``"unverified"`` when none
    is even partly, ``"partly verified"`` otherwise; ``"assumption"`` when it names no key but ``assumption``."""
    keys = split_keys(source)
    if not keys:
        return ASSUMPTION if ASSUMPTION in [s.strip() for s in re.split(r"[,;]", source or "")] else UNVERIFIED
    statuses = {verification_status(k, bib) for k in keys}
    if statuses == {VERIFIED}:
        return VERIFIED
    if statuses == {UNVERIFIED}:
        return UNVERIFIED
    return PARTLY


def parameter_verification(model, bib: dict[str, dict[str, str]] | None = None) -> dict[str, str]:
    """Parameter name -> status of its source (``source_status``) over ``model.param_defs``."""
    return {name: source_status(p.source, bib) for name, p in model.param_defs.items()}
