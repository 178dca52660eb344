"""Exercises and muscle groups: typed records loaded from the data files.

The library itself is data (``myokinetics/data/exercises.yaml`` and
``myokinetics/data/muscles.yaml``); this file only defines the records and the
loader.  Involvement follows the fractional set-counting convention of
Pelland et al. 2024 (a direct set counts 1, an indirect set 0.5).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Mapping

Modality = Literal["resistance", "endurance", "interval"]


@dataclass(frozen=True)
class MuscleGroup:
    id: str                      # e.g. "quadriceps"
    name: str                    # e.g. "Quadriceps femoris"
    mass_fraction: Mapping[str, float]   # {"male": f, "female": f}: fraction of whole-body skeletal muscle mass
    type2_fraction: float        # fraction of type II fibres (area or number, see source)
    source: str                  # BibTeX key(s), comma separated
    note: str = ""
    region: Literal["lower_limb", "upper_limb", "trunk"] = "trunk"   # body region (see muscles.yaml header)


@dataclass(frozen=True)
class Exercise:
    id: str                      # snake_case id, e.g. "back_squat"
    name: str                    # display name, e.g. "Back squat"
    modality: Modality
    muscles: Mapping[str, float]  # muscle-group id -> involvement (1.0 direct, 0.5 indirect)
    eccentric: float = 0.5       # eccentric emphasis 0..1 (0: concentric-only e.g. sled/cycling, 0.5: normal lift, 1: eccentric-only)
    laterality: Literal["bilateral", "unilateral"] = "bilateral"
    mechanics: Literal["compound", "isolation", "cyclic"] = "compound"
    equipment: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)
    rep_duration_s: float = 3.0  # typical duration of one repetition (concentric + eccentric), seconds
    limb_share: float = 1.0      # share of each worked group's mass that works (0.5: one limb only, e.g. one-leg ergometry)
    strength_ratio: float = 1.0  # maximal load of this exercise / the (concentric) 1RM its %1RM loads refer to (eccentric-only: ECC:CON ratio)
    # skeletal loading of each repetition (or stride), for the bone mechanostat (modules/skeleton/loading.py);
    # None: not published, the loading module falls back on the muscle involvement
    hip_load: tuple[float, float] | None = None    # peak hip contact force, body weights: (unloaded, per body weight of external load)
    spine_load: tuple[float, float] | None = None  # peak L4/L5 compression, body weights: (unloaded, per body weight of external load)
    impact_bw: float = 0.0                          # peak vertical ground reaction force of a landing or stride, body weights (0: none)
    loading_rate: float | None = None               # peak rate of loading of a repetition or stride, body weights per second
    load_source: str = ""                           # BibTeX keys of the joint loads, impacts and rates
    source: str = ""             # where the muscle mapping came from

    @property
    def is_resistance(self) -> bool:
        return self.modality == "resistance"
