"""Distances and paces: the oxygen cost of running and walking, and a reference VO2max.

A bout written as a distance (``Run 10 km``) or with a pace (``@ 5:30 /km``) is simulated as a
duration at a fraction of VO2max, which is what the model reads.  The conversion uses

* the ACSM metabolic equations for level ground (acsm2018, Table 6.3 of the Guidelines for
  Exercise Testing and Prescription, 10th ed.)::

      running  VO2 = 3.5 + 0.2 x speed      (mL/kg/min, speed in m/min; above about 134 m/min,
                                             or from 80 m/min when truly running)
      walking  VO2 = 3.5 + 0.1 x speed      (50-100 m/min)

  used outside those speeds too (an approximation), and
* the runner's VO2max: ``vo2max`` of the scenario when given, else the 50th percentile of the
  FRIEND registry (kaminsky2015: 7783 treadmill tests of healthy US adults) for the cohort's
  typical subject, interpolated geometrically between the published medians of the 20-29 and
  70-79 year olds (men 48.0 and 24.4, women 37.6 and 18.3 mL/kg/min, about 10 % less per decade)
  and held constant outside 25-75 years.  It is not adjusted for training status (an assumption:
  the registry's adults are of mixed fitness).

As with kg loads (which are resolved against a reference 1RM), the forcing is shared by the
cohort, so the duration and intensity of a distance are those of the typical subject.
"""
from __future__ import annotations

import math

from myokinetics.errors import InputError

#: Resting oxygen uptake, 1 MET (mL/kg/min; acsm2018).
RESTING_VO2 = 3.5
#: Oxygen cost of horizontal speed (mL/kg/min per m/min; acsm2018): running 0.2, walking 0.1.
HORIZONTAL_COST = {"run": 0.2, "walk": 0.1}
#: 50th-percentile VO2max (mL/kg/min) at ages 20-29 and 70-79 (kaminsky2015), by sex.
FRIEND_MEDIAN_VO2MAX = {"male": (48.0, 24.4), "female": (37.6, 18.3)}
#: Mid-points of those age groups (yr).
FRIEND_AGES = (25.0, 75.0)


def has_speed_equation(exercise_id: str) -> bool:
    return exercise_id in HORIZONTAL_COST


def vo2_at(exercise_id: str, speed_m_min: float) -> float:
    """Oxygen uptake (mL/kg/min) at ``speed_m_min`` on level ground."""
    return RESTING_VO2 + HORIZONTAL_COST[exercise_id] * speed_m_min


def speed_at(exercise_id: str, vo2: float, field: str = "load") -> float:
    """Speed (m/min) whose oxygen cost is ``vo2`` (mL/kg/min)."""
    net = vo2 - RESTING_VO2
    if not net > 0:
        raise InputError(field, f"{vo2:.3g} mL/kg/min", f"an intensity above rest ({RESTING_VO2:g} mL/kg/min) "
                         "for a distance", "the %VO2max is at or below the resting oxygen uptake")
    return net / HORIZONTAL_COST[exercise_id]


def reference_vo2max(sex: str, age: float) -> float:
    """The FRIEND 50th-percentile VO2max (mL/kg/min) at ``age`` for ``sex`` ('male', 'female' or 'mixed')."""
    if sex == "mixed":
        return 0.5 * (reference_vo2max("male", age) + reference_vo2max("female", age))
    young, old = FRIEND_MEDIAN_VO2MAX[sex]
    a0, a1 = FRIEND_AGES
    x = min(max((float(age) - a0) / (a1 - a0), 0.0), 1.0)
    return young * math.exp(x * math.log(old / young))
