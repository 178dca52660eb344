"""Satellite cells: activation and proliferation after damaging and conventional resistance exercise.

The satellite-cell pool of each muscle group (cells per fibre, relative to
the subject's baseline) relaxes, over days, towards a level raised by muscle
damage (the ``damage`` input, fraction of force capacity lost) and, much
less, by interleukin-6 (an autocrine/paracrine mitogen of satellite cells,
pedersen2008; the plasma concentration is the available proxy).  Because the
pool follows the damage with a lag of days and damage itself recovers over
days, the pool rises from the first day and peaks at days 3-8 after damaging
eccentric work (+36 % at day 1 and +80 % at day 3, >100 % at days 4-8; A50),
while conventional or shortening-dominant work, which damages little, gives
small rises (+19 % at 24 h after lengthening contractions, n.s. after
shortening contractions; A51, A52).
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State


class SatelliteCells(Module):
    name = "satellite_cells"
    organ = "muscle"
    per_muscle = True
    description = "Satellite cells per fibre relative to baseline: expansion driven by muscle damage (and IL-6), return over about a week."
    states = (
        State("satellite_cells", "1", 1.0, "satellite cells per fibre relative to the subject's baseline", decay="k_pool",
              dims=("muscle",)),
    )
    inputs = (
        Input("damage", "1", ("muscle",)),
        Input("il6", "pg/mL"),
        Input("il6_rest", "pg/mL"),
    )
    params = (
        Param("k_pool", 0.0128, "1/h", "crameri2004, oreilly2003, kadi2005", (1.0 / 200.0, 1.0 / 12.0), "D",
              note="rate at which the pool follows its drive (t1/2 about 42 h): +36 % at day 1, +80 % at day 3 and still >100 % at day 8 after maximal "
                   "eccentric work (oreilly2003, crameri2004; A50); expansion 'as early as 4 days' (kadi2005); fitted with damage_gain (tests)", fitted_to=("sc-eccentric-peak-time", "sc-eccentric-peak-size")),
        Param("damage_gain", 7.5, "1", "crameri2004, crameri2007, oreilly2003, hyldahl2013", (0.5, 20.0), "D", "lognormal", 0.4,
              note="relative rise of the pool per unit damage at steady drive; fitted to a peak of about +100 % after damaging eccentric work (A50: +80 % to +126 %) "
                   "with the damage time course of the two-compartment repair (structural damage of maximal eccentric work persists "
                   "for weeks; 15.2 with the earlier capacity-limited repair); CV reflects the spread between studies", fitted_to=("sc-eccentric-peak-time", "sc-eccentric-peak-size")),
        Param("il6_gain", 0.05, "1", "pedersen2008, assumption", (0.0, 0.5), "assumption",
              note="relative rise of the pool per unit fold-excess of plasma IL-6 over rest (IL-6 is mitogenic for satellite cells); plasma IL-6 rises briefly "
                   "after resistance exercise, so this term is small; a judgement, kept small so that damage dominates (A50-A53)"),
    )
    routes = ()

    @staticmethod
    def rhs(satellite_cells, damage, il6, il6_rest, k_pool, damage_gain, il6_gain):
        excess = il6 / il6_rest - 1.0
        if excess < 0.0:
            excess = 0.0
        drive = damage_gain * damage + il6_gain * excess
        return (k_pool * (1.0 + drive - satellite_cells),)
