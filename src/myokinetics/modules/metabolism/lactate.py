"""Metabolic stress: glycolytic flux of working muscle and blood lactate.

Lactate appears in blood in proportion to the glycolytic flux of each
working muscle group (relative motor drive during a set; the excess over the
lactate threshold in continuous work) times its mass, and is cleared first
order (half-life about 13 min after resistance exercise, derived from
vargasmolina2020).  Blood lactate is the measurable proxy of the metabolic
stress of a set or session (Schoenfeld 2010's metabolic-stress pathway).

Bound: as acidosis inhibits glycolysis, appearance is damped as blood lactate
nears the highest values measured after all-out exercise (``lactate_max``;
a steep factor 1 - (excess / (lactate_max - baseline))^4 that leaves ordinary
sessions unchanged), so no program drives lactate beyond that ceiling.
"""
from __future__ import annotations

from myokinetics.model.module import Module
from myokinetics.model.param import Input, Param, State, Var


class MuscleLactate(Module):
    name = "muscle_lactate"
    organ = "muscle"
    per_muscle = True
    description = "Lactate release of each muscle group: glycolytic flux times mass."
    inputs = (Input("glycolytic", "1", ("muscle",)), Input("muscle_mass", "kg", ("muscle",)))
    outputs = (Var("lactate_release", "mmol/L/h", "lactate appearance in blood from the muscle group", ("muscle",), observable=False),)
    params = (
        Param("release_per_kg", 33.5, "mmol/L/h/kg", "squatlactate_abs", (1.0, 200.0), "D",
              note="rise of blood lactate per hour per kg of muscle at full glycolytic flux; fitted by validation/calibrate.py to squats 4x10 at 70% 1RM (1.6 -> 8.3 mmol/L in men)", fitted_to=("squat-4x10-lactate", "hurley1984-run-lactate")),
    )

    @staticmethod
    def rhs(glycolytic, muscle_mass, release_per_kg):
        return (release_per_kg * glycolytic * muscle_mass,)


class BloodLactate(Module):
    name = "blood_lactate"
    organ = "blood"
    description = "Blood lactate concentration: appearance from working muscle, first-order clearance."
    states = (State("lactate", "mmol/L", "baseline", "blood lactate", decay="k_clear"),)
    inputs = (Input("lactate_release", "mmol/L/h", ("muscle",), reduce="sum"),)
    params = (
        Param("baseline", 1.0, "mmol/L", "hurley1984, squatlactate_abs", (0.5, 2.0), "C", "lognormal", 0.25,
              note="resting blood lactate; 1.3-1.6 mmol/L before squat sessions in trained adults (squatlactate_abs)"),
        Param("k_clear", 3.2, "1/h", "vargasmolina2020", (1.5, 6.0), "D",
              note="clearance of the excess over baseline: half-life about 13 min after resistance exercise (derived from vargasmolina2020: 4.2 -> 0.9 mmol/L excess between 2 and 30 min)"),
        Param("lactate_max", 22.0, "mmol/L", "assumption", (12.0, 30.0), "assumption",
              note="ceiling of blood lactate: the highest values after all-out exercise in trained people are about 20-25 mmol/L "
                   "(textbook range; no single study verified here); resistance sessions reach 5-15 mmol/L, well below it"),
    )

    @staticmethod
    def rhs(lactate, lactate_release, baseline, k_clear, lactate_max):
        x = (lactate - baseline) / (lactate_max - baseline)
        if x < 0.0:
            x = 0.0
        if x > 1.0:
            x = 1.0
        return (lactate_release * (1.0 - x * x * x * x) + k_clear * (baseline - lactate),)
