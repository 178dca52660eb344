"""The exercise library: loads ``data/muscles.yaml`` and ``data/exercises.yaml``.

``get_library()`` returns one cached :class:`ExerciseLibrary`.  Look-ups are
case-insensitive and ignore spaces, hyphens, underscores and apostrophes, so
"Pull-up", "pull up", "PULL_UP" and "Pullup" all find the same exercise; a
trailing plural "s" is also tolerated ("Squats").

The data are validated when loaded (a broken data file is a developer error
and raises :class:`~myokinetics.errors.ModelError`): every referenced muscle
exists, involvements lie in (0, 1], mass fractions sum to 1 per sex, and no
id, name or alias points to two different exercises.
"""
from __future__ import annotations

import functools
import math
import re
from importlib import resources
from types import MappingProxyType
from typing import Any, Iterable, Mapping

import yaml

from myokinetics.errors import ModelError, UnknownNameError
from myokinetics.program.exercise import Exercise, MuscleGroup

__all__ = ["ExerciseLibrary", "get_library", "normalize_name", "SEXES", "ASSUMPTION"]

SEXES = ("male", "female")
#: Reserved token in ``source`` fields marking estimated values (not a BibTeX key).
ASSUMPTION = "assumption"

_MODALITIES = {"resistance", "endurance", "interval"}
_LATERALITY = {"bilateral", "unilateral"}
_MECHANICS = {"compound", "isolation", "cyclic"}
_EXERCISE_KEYS = {"id", "name", "modality", "muscles", "eccentric", "laterality", "mechanics",
                  "equipment", "aliases", "rep_duration_s", "source", "limb_share", "strength_ratio",
                  "hip_load", "spine_load", "impact_bw", "loading_rate", "load_source"}
_MUSCLE_KEYS = {"id", "name", "mass_fraction", "type2_fraction", "source", "note", "region"}
_REGIONS = ("lower_limb", "upper_limb", "trunk")
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_FRACTION_TOL = 1e-6


def normalize_name(text: str) -> str:
    """Comparison key: lower case, only letters and digits."""
    return re.sub(r"[^0-9a-z]+", "", str(text).lower())


def source_keys(source: str) -> list[str]:
    """BibTeX keys of a ``source`` field (the ``assumption`` token removed)."""
    keys = [k.strip() for k in re.split(r"[,;]", source or "") if k.strip()]
    return [k for k in keys if k != ASSUMPTION]


def _read_yaml(name: str) -> Any:
    text = resources.files("myokinetics.data").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _parse_muscles(raw: Any) -> dict[str, MuscleGroup]:
    if not isinstance(raw, dict) or not isinstance(raw.get("muscles"), list):
        raise ModelError("muscles.yaml: expected a mapping with a 'muscles' list")
    muscles: dict[str, MuscleGroup] = {}
    for i, entry in enumerate(raw["muscles"]):
        where = f"muscles.yaml entry {i} ({entry.get('id') if isinstance(entry, dict) else entry!r})"
        if not isinstance(entry, dict):
            raise ModelError(f"{where}: expected a mapping")
        unknown = set(entry) - _MUSCLE_KEYS
        if unknown:
            raise ModelError(f"{where}: unknown keys {sorted(unknown)}")
        for key in ("id", "name", "mass_fraction", "type2_fraction", "source", "region"):
            if key not in entry:
                raise ModelError(f"{where}: missing '{key}'")
        mid = entry["id"]
        if not isinstance(mid, str) or not _ID_RE.match(mid):
            raise ModelError(f"{where}: id must be snake_case")
        if mid in muscles:
            raise ModelError(f"{where}: duplicate muscle id {mid!r}")
        mf = entry["mass_fraction"]
        if not isinstance(mf, dict) or set(mf) != set(SEXES):
            raise ModelError(f"{where}: mass_fraction must give exactly {SEXES}")
        fractions = {}
        for sex in SEXES:
            v = float(mf[sex])
            if not (0.0 < v < 1.0):
                raise ModelError(f"{where}: mass_fraction[{sex}]={v} outside (0, 1)")
            fractions[sex] = v
        t2 = float(entry["type2_fraction"])
        if not (0.0 <= t2 <= 1.0):
            raise ModelError(f"{where}: type2_fraction={t2} outside [0, 1]")
        if entry["region"] not in _REGIONS:
            raise ModelError(f"{where}: region {entry['region']!r} not in {list(_REGIONS)}")
        muscles[mid] = MuscleGroup(
            id=mid,
            name=str(entry["name"]),
            mass_fraction=MappingProxyType(fractions),
            type2_fraction=t2,
            source=str(entry["source"]),
            note=" ".join(str(entry.get("note", "")).split()),
            region=entry["region"],
        )
    if not muscles:
        raise ModelError("muscles.yaml: no muscle groups")
    for sex in SEXES:
        total = math.fsum(m.mass_fraction[sex] for m in muscles.values())
        if abs(total - 1.0) > _FRACTION_TOL:
            raise ModelError(f"muscles.yaml: {sex} mass fractions sum to {total:.8f}, not 1")
    return muscles


def _parse_exercises(raw: Any, muscles: Mapping[str, MuscleGroup]) -> dict[str, Exercise]:
    if not isinstance(raw, dict) or not isinstance(raw.get("exercises"), list):
        raise ModelError("exercises.yaml: expected a mapping with an 'exercises' list")
    defaults = dict(raw.get("defaults") or {})
    unknown = set(defaults) - _EXERCISE_KEYS
    if unknown:
        raise ModelError(f"exercises.yaml defaults: unknown keys {sorted(unknown)}")
    exercises: dict[str, Exercise] = {}
    for i, entry in enumerate(raw["exercises"]):
        where = f"exercises.yaml entry {i} ({entry.get('id') if isinstance(entry, dict) else entry!r})"
        if not isinstance(entry, dict):
            raise ModelError(f"{where}: expected a mapping")
        unknown = set(entry) - _EXERCISE_KEYS
        if unknown:
            raise ModelError(f"{where}: unknown keys {sorted(unknown)}")
        e = {**defaults, **entry}
        for key in ("id", "name", "modality", "muscles"):
            if key not in e:
                raise ModelError(f"{where}: missing '{key}'")
        eid = e["id"]
        if not isinstance(eid, str) or not _ID_RE.match(eid):
            raise ModelError(f"{where}: id must be snake_case")
        if eid in exercises:
            raise ModelError(f"{where}: duplicate exercise id {eid!r}")
        if e["modality"] not in _MODALITIES:
            raise ModelError(f"{where}: modality {e['modality']!r} not in {sorted(_MODALITIES)}")
        if e.get("laterality", "bilateral") not in _LATERALITY:
            raise ModelError(f"{where}: laterality {e.get('laterality')!r} not in {sorted(_LATERALITY)}")
        if e.get("mechanics", "compound") not in _MECHANICS:
            raise ModelError(f"{where}: mechanics {e.get('mechanics')!r} not in {sorted(_MECHANICS)}")
        if not isinstance(e["muscles"], dict) or not e["muscles"]:
            raise ModelError(f"{where}: muscles must be a non-empty mapping")
        involvement = {}
        for mid, value in e["muscles"].items():
            if mid not in muscles:
                raise ModelError(f"{where}: unknown muscle {mid!r} (known: {', '.join(muscles)})")
            v = float(value)
            if not (0.0 < v <= 1.0):
                raise ModelError(f"{where}: involvement of {mid} = {v} outside (0, 1]")
            involvement[mid] = v
        ecc = float(e.get("eccentric", 0.5))
        if not (0.0 <= ecc <= 1.0):
            raise ModelError(f"{where}: eccentric={ecc} outside [0, 1]")
        rep = float(e.get("rep_duration_s", 3.0))
        if not (rep > 0.0 and math.isfinite(rep)):
            raise ModelError(f"{where}: rep_duration_s must be positive")
        share = float(e.get("limb_share", 1.0))
        if not (0.0 < share <= 1.0):
            raise ModelError(f"{where}: limb_share={share} outside (0, 1]")
        ratio = float(e.get("strength_ratio", 1.0))
        if not (1.0 <= ratio <= 3.0):
            raise ModelError(f"{where}: strength_ratio={ratio} outside [1, 3]")
        joint = {}
        for key in ("hip_load", "spine_load"):
            v = entry.get(key)
            if v is not None:
                if not (isinstance(v, list) and len(v) == 2 and all(isinstance(x, (int, float)) and 0.0 <= x <= 30.0 for x in v)):
                    raise ModelError(f"{where}: {key} must be [unloaded, per body weight of load], body weights in [0, 30]")
                joint[key] = (float(v[0]), float(v[1]))
        impact = float(entry.get("impact_bw", 0.0))
        if not (0.0 <= impact <= 15.0):
            raise ModelError(f"{where}: impact_bw={impact} outside [0, 15] body weights")
        rate = entry.get("loading_rate")
        if rate is not None and not (isinstance(rate, (int, float)) and 0.0 < float(rate) <= 1000.0):
            raise ModelError(f"{where}: loading_rate={rate!r} must be in (0, 1000] body weights per second")
        if (joint or impact or rate is not None) and not str(entry.get("load_source", "")).strip():
            raise ModelError(f"{where}: joint loads, impacts and rates need a load_source")
        aliases = e.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise ModelError(f"{where}: aliases must be a list of non-empty strings")
        exercises[eid] = Exercise(
            id=eid,
            name=str(e["name"]),
            modality=e["modality"],
            muscles=MappingProxyType(involvement),
            eccentric=ecc,
            laterality=e.get("laterality", "bilateral"),
            mechanics=e.get("mechanics", "compound"),
            equipment=str(e.get("equipment", "")),
            aliases=tuple(str(a) for a in aliases),
            rep_duration_s=rep,
            source=str(e.get("source", "")),
            limb_share=share,
            strength_ratio=ratio,
            hip_load=joint.get("hip_load"),
            spine_load=joint.get("spine_load"),
            impact_bw=impact,
            loading_rate=None if rate is None else float(rate),
            load_source=str(entry.get("load_source", "")),
        )
    if not exercises:
        raise ModelError("exercises.yaml: no exercises")
    return exercises


def _build_index(exercises: Mapping[str, Exercise]) -> dict[str, str]:
    """Normalised id/name/alias -> exercise id; a key may not point to two exercises."""
    index: dict[str, str] = {}
    for ex in exercises.values():
        for label in (ex.id, ex.name, *ex.aliases):
            key = normalize_name(label)
            if not key:
                raise ModelError(f"exercise {ex.id}: label {label!r} has no letters or digits")
            other = index.get(key)
            if other is not None and other != ex.id:
                raise ModelError(f"exercise label {label!r} of {ex.id!r} clashes with {other!r}")
            index[key] = ex.id
    return index


class ExerciseLibrary:
    """Exercises and muscle groups, with tolerant name look-up."""

    def __init__(self, muscles: Mapping[str, MuscleGroup], exercises: Mapping[str, Exercise]):
        self.muscles: dict[str, MuscleGroup] = dict(muscles)
        self.exercises: dict[str, Exercise] = dict(exercises)
        for ex in self.exercises.values():
            for mid in ex.muscles:
                if mid not in self.muscles:
                    raise ModelError(f"exercise {ex.id}: unknown muscle {mid!r}")
        self._index = _build_index(self.exercises)

    @classmethod
    def from_data(cls, muscles_raw: Any, exercises_raw: Any) -> "ExerciseLibrary":
        muscles = _parse_muscles(muscles_raw)
        return cls(muscles, _parse_exercises(exercises_raw, muscles))

    @classmethod
    def load(cls) -> "ExerciseLibrary":
        """Load the packaged data files."""
        return cls.from_data(_read_yaml("muscles.yaml"), _read_yaml("exercises.yaml"))

    # -- queries -----------------------------------------------------------
    @property
    def muscle_ids(self) -> tuple[str, ...]:
        return tuple(self.muscles)

    @property
    def names(self) -> list[str]:
        """Display names of all exercises, in library order."""
        return [ex.name for ex in self.exercises.values()]

    def _choices(self) -> list[str]:
        seen: dict[str, None] = {}
        for ex in self.exercises.values():
            seen.setdefault(ex.name, None)
            for a in ex.aliases:
                seen.setdefault(a, None)
        return list(seen)

    def find(self, name: str) -> Exercise | None:
        """Like :meth:`get` but returns None for an unknown name."""
        key = normalize_name(name)
        if not key:
            return None
        for candidate in (key, key[:-1] if key.endswith("s") else None,
                          key[:-2] if key.endswith("es") else None):
            if candidate and candidate in self._index:
                return self.exercises[self._index[candidate]]
        return None

    def get(self, name: str) -> Exercise:
        """Exercise by id, display name or alias (case/spacing/hyphen tolerant)."""
        ex = self.find(name)
        if ex is None:
            raise UnknownNameError("exercise", name, self._choices(),
                                   "an exercise from the library (see `myokinetics exercises`)")
        return ex

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.find(name) is not None

    def __iter__(self):
        return iter(self.exercises.values())

    def __len__(self) -> int:
        return len(self.exercises)

    def search(self, query: str) -> list[Exercise]:
        """Exercises whose id, name, alias, equipment or muscle (id or name) contains ``query``."""
        q = " ".join(str(query).lower().replace("_", " ").replace("-", " ").split())
        qn = normalize_name(query)
        if not qn:
            return list(self.exercises.values())
        hits = []
        for ex in self.exercises.values():
            labels: Iterable[str] = (ex.id, ex.name, *ex.aliases, ex.equipment,
                                     *ex.muscles, *(self.muscles[m].name for m in ex.muscles))
            for label in labels:
                spaced = " ".join(label.lower().replace("_", " ").replace("-", " ").split())
                if q in spaced or qn in normalize_name(label):
                    hits.append(ex)
                    break
        return hits

    def by_modality(self, modality: str) -> list[Exercise]:
        return [ex for ex in self.exercises.values() if ex.modality == modality]

    def muscle(self, muscle_id: str) -> MuscleGroup:
        try:
            return self.muscles[muscle_id]
        except KeyError:
            raise UnknownNameError("muscle", muscle_id, list(self.muscles), "a muscle group id") from None


@functools.lru_cache(maxsize=1)
def get_library() -> ExerciseLibrary:
    """The packaged exercise library (loaded once)."""
    return ExerciseLibrary.load()
