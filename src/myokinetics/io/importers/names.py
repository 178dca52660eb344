"""Logged exercise names -> library exercises: the library, an alias table, then fuzzy matching.

The alias table is data (``myokinetics/data/exercise_aliases.yaml``; its header gives the order
of the look-ups and where the names come from).  Fuzzy matching uses rapidfuzz when it is
installed (the ``import`` extra) and the standard library's difflib otherwise; the scores of the
two differ a little, so the threshold is stated for rapidfuzz's ``token_sort_ratio`` and difflib
is applied to the same sorted-token strings.  Every match says how it was found, so the report
can show fuzzy matches with their score and unmapped names are never lost.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Iterable

import yaml

from myokinetics.errors import ModelError
from myokinetics.program.library import get_library, normalize_name

#: Equipment words that may appear in an app's "(Equipment)" suffix.
EQUIPMENT_WORDS = ("barbell", "dumbbell", "machine", "cable", "kettlebell", "bodyweight", "smith", "band", "ez",
                   "plate", "trap", "sled", "bar", "trx", "suspension")
#: Suffix words that change the load, not the movement ("Pull Up (Weighted)", "Chin Up (Assisted)").
LOAD_MODIFIERS = ("weighted", "assisted")


@dataclass(frozen=True)
class Match:
    """How a logged name was mapped: ``how`` is library, alias, equipment, fuzzy or unmapped."""

    raw: str
    exercise_id: str | None
    how: str
    score: float | None = None
    candidate: str | None = None    # the library/alias name that matched (fuzzy) or the best near miss

    @property
    def mapped(self) -> bool:
        return self.exercise_id is not None

    def describe(self) -> str:
        lib = get_library()
        if not self.mapped:
            near = f" (closest: {self.candidate!r}, score {self.score:.0f})" if self.candidate else ""
            return f"{self.raw!r}: not in the library or the alias table{near}"
        name = lib.exercises[self.exercise_id].name
        if self.how == "fuzzy":
            return f"{self.raw!r} -> {name} (fuzzy match to {self.candidate!r}, score {self.score:.0f})"
        return f"{self.raw!r} -> {name} ({self.how})"


def _sorted_tokens(text: str) -> str:
    return " ".join(sorted(re.findall(r"[0-9a-z]+", str(text).lower())))


class ExerciseMatcher:
    """Maps logged exercise names to library ids (see the alias file for the order)."""

    def __init__(self, aliases: dict[str, list[str]], threshold: float, wger_exercises: dict[int, str] | None = None):
        lib = get_library()
        self.library = lib
        self.threshold = float(threshold)
        self.wger_exercises = {int(k): str(v) for k, v in (wger_exercises or {}).items()}
        self._alias: dict[str, str] = {}
        for eid, names in aliases.items():
            if eid not in lib.exercises:
                raise ModelError(f"exercise_aliases.yaml: unknown exercise id {eid!r}")
            for n in names:
                key = normalize_name(n)
                other = self._alias.get(key)
                if other is not None and other != eid:
                    raise ModelError(f"exercise_aliases.yaml: {n!r} maps to both {other!r} and {eid!r}")
                self._alias[key] = eid
        # fuzzy choices: every library name/alias and every alias-table name
        self._choices: dict[str, tuple[str, str]] = {}     # sorted tokens -> (display name, id)
        for ex in lib:
            for label in (ex.name, *ex.aliases):
                self._choices.setdefault(_sorted_tokens(label), (label, ex.id))
        for eid, names in aliases.items():
            for n in names:
                self._choices.setdefault(_sorted_tokens(n), (n, eid))

    @classmethod
    def load(cls) -> "ExerciseMatcher":
        return _default_matcher()

    def _lookup(self, name: str) -> str | None:
        ex = self.library.find(name)
        if ex is not None:
            return ex.id
        key = normalize_name(name)
        return self._alias.get(key) or (self._alias.get(key[:-1]) if key.endswith("s") else None)

    def _equipment_forms(self, name: str) -> Iterable[str]:
        """'Bench Press (Dumbbell)' -> 'Dumbbell Bench Press', and 'Bench Press' when compatible."""
        m = re.fullmatch(r"\s*(.+?)\s*\(([^()]*)\)\s*", name)
        if not m:
            return
        base, paren = m.group(1), m.group(2)
        words = [w for w in re.findall(r"[a-z]+", paren.lower())]
        yield f"{paren} {base}"
        eid = self._lookup(base)
        if eid is None:
            return
        if words and all(w in LOAD_MODIFIERS for w in words):
            yield base
            return
        equipment = self.library.exercises[eid].equipment.lower()
        named = [w for w in words if w in EQUIPMENT_WORDS]
        if not named or any(w in equipment for w in named):
            yield base

    def match(self, name: str) -> Match:
        raw = " ".join(str(name).split())
        ex = self.library.find(raw)
        if ex is not None:
            return Match(raw, ex.id, "library")
        key = normalize_name(raw)
        if key in self._alias or (key.endswith("s") and key[:-1] in self._alias):
            return Match(raw, self._lookup(raw), "alias")
        for form in self._equipment_forms(raw):
            found = self._lookup(form)
            if found is not None:
                return Match(raw, found, "equipment")
        best, score = self._fuzzy(raw)
        if best is not None and score >= self.threshold:
            label, found = self._choices[best]
            return Match(raw, found, "fuzzy", score, label)
        return Match(raw, None, "unmapped", score if best is not None else None,
                     self._choices[best][0] if best is not None else None)

    def _fuzzy(self, raw: str) -> tuple[str | None, float]:
        query = _sorted_tokens(raw)
        if not query:
            return None, 0.0
        try:
            from rapidfuzz import fuzz, process
        except ImportError:   # the standard library's ratio on the same sorted-token strings
            import difflib

            best = max(self._choices, key=lambda c: difflib.SequenceMatcher(None, query, c).ratio())
            return best, 100.0 * difflib.SequenceMatcher(None, query, best).ratio()
        hit = process.extractOne(query, list(self._choices), scorer=fuzz.ratio)
        return (hit[0], float(hit[1])) if hit else (None, 0.0)


@functools.lru_cache(maxsize=1)
def _default_matcher() -> ExerciseMatcher:
    text = resources.files("myokinetics.data").joinpath("exercise_aliases.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    fuzzy = data.get("fuzzy") or {}
    if fuzzy.get("scorer") != "token_sort_ratio":
        raise ModelError("exercise_aliases.yaml: fuzzy.scorer must be token_sort_ratio")
    return ExerciseMatcher(data["aliases"], float(fuzzy["threshold"]), data.get("wger_exercises"))
