"""Fibroblast growth factor 21: a hepatokine (and Akt-induced myokine) of metabolic stress.

Exercise raises serum FGF21 with hepatic synthesis (liver mRNA up, muscle and
fat not, in mice, kim2013fgf21), intensity-dependently (more at 75% than 55%
VO2peak, 1-4 h post, willis2019); contracting muscle adds some via Akt
(tanimura2016).  Resistance exercise gave a larger area under the curve than
short-interval HIIT (A20, he2018myokine), but a pilot found FGF21 lower at
3 h after every mode, resistance included (A40, thrones2026).  We drive
synthesis by mass-weighted glycolytic flux (metabolic stress above the
lactate threshold, so short intervals count little) and by tension (the Akt
route), with a synthesis lag and first-order clearance; the fall of A40 is
not modelled (it lies within the validation tolerance).
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State


class FGF21(Module):
    name = "fgf21"
    organ = "liver"
    description = "Serum FGF21: hepatic (and muscle) synthesis driven by glycolytic stress and tension, with a lag; first-order clearance."
    states = (
        State("fgf21_synthesis", "1/h", 0.0, "exercise-induced FGF21 synthesis (per hour, fraction of baseline)",
              decay="k_synthesis", observable=False, scale=0.5),
        State("fgf21", "pg/mL", "baseline", "serum fibroblast growth factor 21", decay="k_clear"),
    )
    inputs = (
        Input("glycolytic_mass", "kg", ("muscle",), reduce="sum"),
        Input("tension_mass", "kg/h", ("muscle",), reduce="sum"),
    )
    params = (
        Param("baseline", 150.0, "pg/mL", "zhang2017fgf21, assumption", (20.0, 1000.0), "assumption", "lognormal", 0.7,
              note="resting serum FGF21 of the order of 100-300 pg/mL in healthy adults with a very skewed distribution (chronic training lowers it by 87 pg/mL, zhang2017fgf21); studies use relative changes"),
        Param("k_synthesis", 1.0, "1/h", "kim2013fgf21, willis2019, assumption", (0.2, 3.0), "assumption",
              note="lag of synthesis behind its drive: serum FGF21 peaks about 1 h after exercise and stays raised up to 4 h (kim2013fgf21, willis2019)"),
        Param("k_clear", 0.5, "1/h", "willis2019, assumption", (0.2, 2.0), "assumption",
              note="first-order clearance of the excess (t1/2 about 1.4 h): the rise is gone by about 7 h (willis2019)"),
        Param("glycolytic_gain", 1.2, "1/(kg*h)", "he2018myokine, willis2019, assumption", (0.0, 10.0), "D", "lognormal", 0.8,
              note="synthesis per kg of muscle at full glycolytic flux, per hour, as a fraction of the baseline pool; with tension_gain set so that a whole-body resistance session raises FGF21 by about 50% at 1 h (kim2013fgf21 order of magnitude) and short-interval HIIT less (A20); CV 0.8 for the responder spread (A22)"),
        Param("tension_gain", 0.001, "1/kg", "tanimura2016, he2018myokine, assumption", (0.0, 0.01), "D", "lognormal", 0.8,
              note="synthesis (muscle, Akt route) per effective repetition x kg, as a fraction of the baseline pool; makes resistance exercise exceed short-interval HIIT (A20)"),
    )
    routes = ()

    @staticmethod
    def rhs(fgf21_synthesis, fgf21, glycolytic_mass, tension_mass, baseline, k_synthesis, k_clear, glycolytic_gain, tension_gain):
        d_syn = k_synthesis * (glycolytic_gain * glycolytic_mass + tension_gain * tension_mass - fgf21_synthesis)
        d_f = baseline * fgf21_synthesis + k_clear * (baseline - fgf21)
        return d_syn, d_f
