"""Exercise-induced muscle damage, its repair, the repeated-bout effect, soreness and plasma creatine kinase.

Damage (per muscle) is the fraction of force capacity lost to structural and
excitation-contraction-coupling damage.  It is caused by eccentric work under
high tension: the eccentric load of a set (load fraction x reps x eccentric
emphasis x involvement) weighted by how close to failure the set went (the
set's mean required fraction of the currently available force, from the
motor-unit pool, to a high power), by novelty (lower in trained muscle: the
muscle's simulated trained state, ``trained_state`` of training_history) and
by the protection left by earlier damaging bouts.  A declared training history
(covariate ``training_weeks``) starts the protection where habitual training
keeps it (``initial_values``).

Repair has two time courses (paulsen2012: exercise resembling regular training
causes mild damage, myofibrillar disruption, and full recovery within a few
days; unaccustomed maximal eccentric work causes severe damage with
inflammation and recovery taking more than a week).  Damage is
therefore held in two compartments:

* ``damage_ec``: excitation-contraction-coupling failure and myofibrillar
  disruption, repaired first order within days (t1/2 about 23 h);
* ``damage_structural``: fibre necrosis and the secondary (inflammatory)
  damage that needs regeneration over weeks; it is regenerated with a limited
  capacity (nearly zero order when damage is large, so severe damage recovers
  roughly linearly over weeks) proportional to the satellite-cell pool
  (``satellite_cells``, which expands over days after severe damage), since
  regeneration of necrotic fibres needs satellite cells (paulsen2012; the
  proportional form is an assumption).

The share of fresh damage that becomes structural rises steeply with the
damage the muscle already carries (a Hill function of the current damage,
half at ``severity_half``): fibres that are already disrupted go on to
necrosis, so a conventional session (a few percent) is almost all
coupling damage and gone in 2-4 days, while maximal eccentric work (40 %
lost, A55) is mostly structural and only back to 80 % at 2 weeks.

The repeated-bout effect (RBE) is a per-muscle protection built while the
muscle is damaged and lost over months (ipsilateral RBE > 8 weeks, attenuated
after 8-12 weeks: nosaka2005, chen2016).  It prevents structural damage
almost entirely (recovery after a repeated bout is much faster, hyldahl2017rbe,
chen2016; A55: recovery faster after bouts 2 and 3) and the coupling damage
only in part (the immediate strength loss after a repeated bout is similar to
the first, A55), so habitual training leaves only coupling damage that is
repaired between sessions.  It lowers creatine kinase efflux more strongly
(A55: no CK rise after bouts 2 and 3).

Creatine kinase leaves fibres whose membrane is disrupted.  We take the
leaking tissue as the muscle mass times damage to the power 1.5 (more
severely damaged fibres leak; the few-percent damage of a conventional
session hardly does: A57 vs A55/A56) times the remodelling activity: a small
direct leak plus the secondary degeneration of fibres during remodelling,
which peaks half-way to full protection and stops when remodelling is done
(the same process confers the repeated-bout effect; an assumption that
reproduces the late CK peak after severe damage, 4-5 days, A56, the return to
near baseline within about 2 weeks, and the missing CK rise after a second
bout, A55).  CK reaches plasma by the slow lymphatic route (half time of
absorption 9.4 +/- 5.7 h in the horse, volfinger1994) and is cleared.
Conventional sessions peak at 1-3 days (A57).  The between-subject spread of
CK is huge (A59: 11-6040 U/L in men) and is carried by a log-normal release
factor.  Resting CK is sex-specific (men about 1.5-2 times women).

Soreness (DOMS) follows fresh damage through a two-compartment delay
(nociceptor sensitisation by NGF/GDNF from the damaged muscle, mizumura2016):
it builds over the first day, peaks at 24-72 h and fades by 5-7 days (A63),
whatever the damage left.
"""
from __future__ import annotations

from myokinetics.model.module import Module
from myokinetics.model.param import Input, Param, State, Var


class MuscleDamage(Module):
    name = "muscle_damage"
    organ = "muscle"
    per_muscle = True
    description = ("Force capacity lost to eccentric damage, its repair (coupling damage in days, structural damage by "
                   "satellite-cell-dependent regeneration over weeks), the repeated-bout protection and delayed-onset soreness "
                   "of each muscle group.")
    states = (
        State("damage_ec", "1", 0.0, "force capacity lost to excitation-contraction-coupling and myofibrillar damage (repaired in days)",
              decay="k_ec_repair", dims=("muscle",), scale=0.05),
        State("damage_structural", "1", 0.0, "force capacity lost to fibre necrosis and secondary damage (regenerated over weeks)",
              dims=("muscle",), scale=0.05),
        State("rbe_protection", "1", 0.0, "repeated-bout protection against damage", decay="k_protection_loss",
              dims=("muscle",), scale=0.1, memory=True),
        State("soreness_signal", "1", 0.0, "nociceptive signal from fresh damage (first compartment)", decay="k_soreness",
              dims=("muscle",), observable=False, scale=0.05),
        State("soreness_sensitisation", "1", 0.0, "mechanical hyperalgesia of the muscle (second compartment)",
              decay="k_soreness", dims=("muscle",), observable=False, scale=0.05),
    )
    inputs = (
        Input("eccentric_load", "1/h", ("muscle",)),
        Input("relative_drive", "1"),
        Input("muscle_mass", "kg", ("muscle",)),
        Input("trained_state", "1", ("muscle",)),
        Input("upper_limb", "1", ("muscle",)),
        Input("satellite_cells", "1", ("muscle",)),
    )
    outputs = (
        Var("damage", "1", "fraction of force capacity lost to muscle damage (coupling + structural)", ("muscle",)),
        Var("soreness", "1", "muscle soreness on a 0-10 scale", ("muscle",)),
        Var("ck_source", "kg", "CK-leaking tissue: muscle mass x damage^1.5 x remodelling activity", ("muscle",),
            observable=False),
        Var("soreness_mass", "kg", "muscle mass x soreness / 10", ("muscle",), observable=False),
        Var("soreness_mass_sq", "kg", "muscle mass x (soreness / 10)^2", ("muscle",), observable=False),
    )
    params = (
        Param("damage_gain", 0.01175, "1", "newham1987, gonzalezbadillo2016", (0.002, 0.5), "D", "lognormal", 0.3,
              note="damage per unit of eccentric load (load fraction x reps x eccentric emphasis) at full required drive, for "
                   "lower-limb and trunk muscles (upper-limb muscles x upper_limb_susceptibility); fitted so that the A55 "
                   "elbow-flexor protocol removes about 40% of force capacity as damage (the rest of the ~50% immediate loss "
                   "is fatigue), i.e. 0.0235 for the arm, and 3x8(8) squats leave a small deficit at 48 h (A61); "
                   "between-subject CV is an assumption (susceptibility to damage varies widely)", fitted_to=("newham1987-force-loss", "newham1987-two-weeks", "newham1987-ck")),
        Param("effort_exponent", 12.0, "1", "gonzalezbadillo2016, moranavarro2017", (4.0, 30.0), "D",
              note="damage grows with the set's mean required fraction of available force to this power, so sets to "
                   "failure damage far more than the same reps with reserve: 3x4(8) recovered by 6 h, 3x8(8) still "
                   "reduced at 48 h (A61); 3x10(10) slower than 6x5(10) with equal volume (A60); fitted to A61 (14 before "
                   "the upper-limb susceptibility was added, 12 with it)", fitted_to=("gonzalezbadillo2016-half-effort", "gonzalezbadillo2016-failure")),
        Param("trained_resistance", 0.3, "1", "dolezal2000, assumption", (0.0, 0.9), "assumption",
              note="fractional reduction of damage in trained muscle (trained_state 1, training_history): habitual training confers a "
                   "lasting repeated-bout effect; trained men had lower CK after eccentric-overload leg press (A58); size assumed"),
        Param("k_ec_repair", 0.03, "1/h", "paulsen2012, gonzalezbadillo2016, helland2020", (0.01, 0.2), "D",
              note="first-order repair of coupling and myofibrillar damage (t1/2 about 23 h): after sessions resembling regular "
                   "training full recovery normally occurs within a few days (paulsen2012); 3x8(8) squats still reduced at 48 h, "
                   "3x4(8) recovered by 6 h (A61); set by hand between paulsen2012's few days and the 48-h recovery of A62; A61's "
                   "residual deficit at 48 h (readiness 0.97) is not reached (0.99: damage of 3x8(8) squats is a few percent and "
                   "mostly repaired by then)",
              fitted_to=("gonzalezbadillo2016-failure",)),
        Param("regeneration_capacity", 0.00008, "1/h", "newham1987, paulsen2012", (0.00002, 0.002), "D",
              note="largest regeneration rate of structural damage per unit satellite-cell pool (relative to baseline; fraction of "
                   "force capacity per hour): capacity-limited (Michaelis-Menten), so severe damage recovers roughly linearly over "
                   "weeks: with 40 % lost after maximal eccentric work and the pool expanded 2-4-fold, strength is back only to "
                   "about 80 % at 2 weeks (A55); recovery from severe damage takes more than a week (paulsen2012); set by hand "
                   "to A55", fitted_to=("newham1987-two-weeks",)),
        Param("regeneration_half", 0.01, "1", "assumption", (0.002, 0.3), "assumption",
              note="structural damage at which regeneration runs at half its capacity; below it regeneration is first order (t1/2 "
                   "about a week at the resting pool), so the little structural damage of conventional sessions does not linger"),
        Param("severity_half", 0.10, "1", "paulsen2012, assumption", (0.05, 0.5), "assumption",
              note="damage the muscle already carries at which half of fresh damage becomes structural (necrosis, secondary "
                   "damage): mild damage (force loss under about 20 %) recovers within days, severe damage (towards 50 %) over "
                   "more than a week with leucocyte accumulation (paulsen2012's classification); the exact threshold is a judgement"),
        Param("severity_hill", 6.0, "1", "assumption", (1.0, 8.0), "assumption",
              note="steepness of the share of fresh damage that becomes structural: with 6 a conventional session (damage about "
                   "0.05) sends about 0.5 % of its damage to the slow compartment, maximal eccentric work beyond about 15 % most of it"),
        Param("protection_gain", 0.012, "1/h", "chen2016, newham1987, hyldahl2017rbe", (0.002, 0.2), "D",
              note="build-up of protection per hour (times the remaining room) while the muscle carries damage well above "
                   "protection_half_damage: after maximal eccentric work protection nears its maximum within 1-2 weeks (RBE at 2 "
                   "weeks: 91% smaller changes, chen2016 control group) and needs about a day to appear (chen2016); with the "
                   "saturation in damage a few conventional sessions already protect (the magnitude of protection depends on the "
                   "intensity and number of contractions, hyldahl2017rbe); hand-set with the two-compartment repair (it was 0.05 "
                   "per unit damage, linear); newham1987-repeated-bout (CK after a second bout) is still not reached",
              fitted_to=("newham1987-repeated-bout",)),
        Param("protection_half_damage", 0.02, "1", "hyldahl2017rbe, assumption", (0.002, 0.2), "assumption",
              note="damage at which protection builds at half its rate: mild damage (a few percent after conventional sessions) "
                   "already builds protection, more damage builds it only somewhat faster; a judgement"),
        Param("protection_max", 0.9, "1", "chen2016", (0.5, 1.0), "C",
              note="maximal protection: changes after a second bout 2 weeks later were 91% smaller than after the first "
                   "(control group of chen2016)"),
        Param("k_protection_loss", 1.0 / (16 * 168.0), "1/h", "nosaka2005, chen2016, assumption", (1 / (52 * 168.0), 1 / (4 * 168.0)),
              "assumption",
              note="loss of protection, time constant 16 weeks: the ipsilateral RBE lasts more than 8 weeks (chen2016); "
                   "with a 12-week interval it remained for strength, soreness and CK but was attenuated for other "
                   "measures (nosaka2005); the exact decay law is our assumption"),
        Param("habitual_protection", 0.9, "1", "chen2016, newham1987, assumption", (0.3, 1.0), "assumption",
              note="protection held by regular training, as a share of protection_max, for a declared training history (the "
                   "starting value; a simulated subject builds its own): after maximal eccentric work protection nears its "
                   "maximum within 1-2 weeks (chen2016) and repeated bouts raise no CK (A55); 0.9 is the level this module itself "
                   "holds after 8 weeks of leg extension and leg press three times a week (0.815 of protection_max 0.9, "
                   "tests/test_behaviour_chronic.py), so a declared and a simulated history agree"),
        Param("habitual_protection_sets", 12.0, "1", "hyldahl2017rbe, assumption", (1.0, 40.0), "assumption",
              note="weekly hard sets of a declared history at or above which it holds habitual_protection; a lighter history "
                   "holds a proportional share (the protection depends on the intensity and number of contractions, "
                   "hyldahl2017rbe); 12 is the trained reference (population/cohort.py); a judgement"),
        Param("habitual_protection_weeks", 1.0, "week", "chen2016, assumption", (0.2, 8.0), "assumption",
              note="weeks of declared training over which the held protection is reached (time constant): protection nears its "
                   "maximum within 1-2 weeks of the first damaging bout (chen2016); a judgement"),
        Param("protection_force_share", 0.9, "1", "chen2016, nosaka2005, hyldahl2017rbe, newham1987", (0.0, 1.0), "C",
              note="share of the protection that lowers fresh coupling damage (structural damage and CK efflux are lowered by the "
                   "full protection): changes after a repeated bout were 91% smaller (chen2016), strength loss smaller too "
                   "(nosaka2005); newham1987 saw the same ~50% immediate strength loss after bouts 2 and 3 but faster recovery, read "
                   "here as the fatigue the model carries separately (it was 0.5, between the sources, which left habitual "
                   "training with half of its novel damage)"),
        Param("k_soreness", 1.0 / 30.0, "1/h", "cheung2003", (1 / 60.0, 1 / 12.0), "D",
              note="rate of each of the two soreness compartments; the second peaks at 1/k = 30 h after a bout and is "
                   "mostly gone by 5-7 days (A63)"),
        Param("soreness_half", 0.04, "1", "newham1987, cheung2003, assumption", (0.005, 0.5), "assumption",
              note="sensitisation giving half of the maximal soreness (10/10); sets soreness to about 7/10 after maximal "
                   "eccentric work and 1-3/10 after a conventional session (typical VAS values; exact figures not verified)"),
        Param("ck_damage_exponent", 1.5, "1", "newham1987, giechaskiel2020, assumption", (1.0, 3.0), "assumption",
              note="CK-leaking tissue grows with damage to this power: sarcolemmal disruption and necrosis are confined "
                   "to the more severely damaged fibres, so a whole-body conventional session with a few percent damage "
                   "in many muscles raises CK about 3.5-fold (A57) while maximal eccentric work of one small muscle group "
                   "raises it 10-50-fold (A55, A56); the value is chosen to fit both", fitted_to=("newham1987-ck", "giechaskiel2020-conventional-ck")),
        Param("ck_direct_leak", 0.1, "1", "assumption", (0.0, 1.0), "assumption",
              note="CK efflux of damaged fibres before any remodelling, relative to the secondary efflux of fibres "
                   "degenerating during remodelling (which peaks half-way through it); sets the early CK peak of mild damage"),
        Param("upper_limb_susceptibility", 2.0, "1", "chen2011limb, jamurtas2005, saka2009, giechaskiel2020", (1.0, 6.0), "D",
              note="damage of upper-limb muscles relative to lower-limb and trunk muscles at the same relative eccentric load. "
                   "Arm muscles are consistently more susceptible: after the same relative eccentric protocol the elbow "
                   "flexors lost more strength, recovered more slowly and released more CK than the knee extensors "
                   "(jamurtas2005: legs recovered by 96 h, arms not; saka2009; chen2011limb: elbow flexors = elbow "
                   "extensors > knee flexors > knee extensors, attributed to less eccentric use in daily life), and the "
                   "elbow flexors did 3.4 times the work per unit muscle volume of the knee extensors in the same maximal "
                   "protocol (saka2009). None of these gives a ratio of damage, so 2 is a judgement between equality and "
                   "3.4; muscles of the trunk are treated as the lower limb (assumption). With it 3x10RM curls raise CK more than "
                   "3x10RM leg extensions despite the smaller muscle, the order of the review of gym sessions "
                   "(giechaskiel2020: biceps 4.5-fold, quadriceps 2.5-fold, A57), though both far less than the review"),
    )

    initial_params = ("habitual_protection", "habitual_protection_weeks", "habitual_protection_sets")

    @staticmethod
    def initial_values(cov, par):
        """A declared training history starts the repeated-bout protection where habitual training keeps it."""
        import numpy as np
        weeks = np.asarray(cov["training_weeks"], dtype=float)
        volume = np.minimum(np.asarray(cov["training_weekly_sets"], dtype=float) / par["habitual_protection_sets"], 1.0)
        held = par["habitual_protection"] * par["protection_max"] * volume
        return {"rbe_protection": held * (1.0 - np.exp(-weeks / par["habitual_protection_weeks"]))}

    @staticmethod
    def rhs(damage_ec, damage_structural, rbe_protection, soreness_signal, soreness_sensitisation, eccentric_load, relative_drive,
            muscle_mass, trained_state, upper_limb, satellite_cells, damage_gain, effort_exponent, trained_resistance, k_ec_repair,
            regeneration_capacity, regeneration_half, severity_half, severity_hill, protection_gain, protection_half_damage,
            protection_max, k_protection_loss, protection_force_share,
            k_soreness, soreness_half, ck_damage_exponent, ck_direct_leak, upper_limb_susceptibility):
        de = max(damage_ec, 0.0)
        ds = max(damage_structural, 0.0)
        d = de + ds
        p = max(rbe_protection, 0.0)
        new_ec = 0.0
        new_st = 0.0
        new = 0.0
        if eccentric_load > 0.0:
            effort = relative_drive ** effort_exponent
            raw = (damage_gain * eccentric_load * effort * (1.0 - trained_resistance * min(trained_state, 1.0))
                   * (1.0 + (upper_limb_susceptibility - 1.0) * upper_limb) * max(1.0 - d, 0.0))
            sev = (d / severity_half) ** severity_hill
            share = sev / (1.0 + sev)
            new_ec = raw * (1.0 - share) * (1.0 - protection_force_share * p)
            new_st = raw * share * max(1.0 - p, 0.0)
            new = new_ec + new_st
        sc = max(satellite_cells, 0.0)
        d_ec = new_ec - k_ec_repair * damage_ec
        d_st = new_st - regeneration_capacity * sc * ds / (regeneration_half + ds)
        d_protection = protection_gain * d / (protection_half_damage + d) * max(protection_max - p, 0.0) \
            - k_protection_loss * rbe_protection
        d_signal = new - k_soreness * soreness_signal
        d_sens = k_soreness * (soreness_signal - soreness_sensitisation)
        s = max(soreness_sensitisation, 0.0)
        soreness = 10.0 * s / (soreness_half + s)
        q = min(p / protection_max, 1.0)
        source = muscle_mass * d ** ck_damage_exponent * (ck_direct_leak + q) * (1.0 - q)
        sr = soreness / 10.0
        return (d_ec, d_st, d_protection, d_signal, d_sens, d, soreness, source, muscle_mass * sr, muscle_mass * sr * sr)


class CreatineKinase(Module):
    name = "creatine_kinase"
    organ = "blood"
    description = ("Plasma creatine kinase: efflux from leaking (damaged) muscle, slow lymphatic transit to plasma, "
                   "first-order clearance above the subject's resting value (sex-specific).")
    states = (
        State("ck_lymph", "U", 0.0, "CK released from muscle on its way to plasma (interstitium and lymph)",
              decay="k_lymph", observable=False, scale=1000.0),
        State("ck_excess", "U/L", 0.0, "plasma CK above the resting value", decay="k_clear", observable=False, scale=100.0),
    )
    inputs = (
        Input("ck_source", "kg", ("muscle",), reduce="sum"),
        Input("body_mass0", "kg"),
        Input("sex_male", "1"),
    )
    outputs = (Var("ck", "U/L", "plasma creatine kinase activity"),)
    params = (
        Param("baseline_male", 120.0, "U/L", "lev1999ck, george2016ck", (40.0, 300.0), "C", "lognormal", 0.45,
              note="resting CK in young men; distribution skewed to high values, 97.5th percentile 532 U/L in 428 men "
                   "(lev1999ck); men higher than women (george2016ck); median assumed from usual reference intervals; "
                   "CV sets the skew"),
        Param("baseline_female", 80.0, "U/L", "lev1999ck, george2016ck", (25.0, 200.0), "C", "lognormal", 0.45,
              note="resting CK in young women; 97.5th percentile 248 U/L in 540 women, about half the men's (lev1999ck)"),
        Param("release_per_kg", 5.0e3, "U/h/kg", "newham1987, lavender2006, giechaskiel2020", (10.0, 1.0e5), "D",
              "lognormal", 1.5,
              note="CK efflux per kg of leaking tissue (mass x damage^1.5 x remodelling activity); fitted to the CK peaks of A55-A57; the between-"
                   "subject CV of 1.5 reproduces the >100-fold range of peak CK after a first arm-training bout (A59: "
                   "11-6040 U/L in 51 men)", fitted_to=("newham1987-ck", "giechaskiel2020-conventional-ck")),
        Param("k_lymph", 0.047, "1/h", "volfinger1994", (0.02, 0.3), "C",
              note="transit of CK from muscle to plasma through the lymph (t1/2 14.7 h): half time of absorption 9.4 +/- 5.7 h "
                   "after intramuscular CK in horses (volfinger1994), upper end taken; with the sealing of leaking fibres it "
                   "sets the late CK peak after severe damage (A56); chosen within that range to fit A56", fitted_to=("lavender-ck-peak-time",)),
        Param("k_clear", 0.04, "1/h", "volfinger1994, aktas1995, assumption", (0.01, 0.35), "assumption",
              note="clearance of plasma CK (t1/2 about 17 h); intravenous CK disappears with t1/2 2-2.5 h in horses and "
                   "dogs (volfinger1994, aktas1995), but the slow fall of CK over days after eccentric work in humans "
                   "(A56: not recovered by 96 h) needs slower apparent clearance; chosen to fit A55-A57", fitted_to=("newham1987-ck", "lavender-ck-peak-time", "giechaskiel2020-conventional-ck")),
        Param("volume_per_kg", 0.045, "L/kg", "volfinger1994", (0.03, 0.08), "C",
              note="distribution volume of CK, about the plasma volume: 0.059 L/kg in horses (volfinger1994), 4.3% of "
                   "body weight in rabbits"),
    )

    @staticmethod
    def rhs(ck_lymph, ck_excess, ck_source, body_mass0, sex_male, baseline_male, baseline_female, release_per_kg, k_lymph,
            k_clear, volume_per_kg):
        d_lymph = release_per_kg * ck_source - k_lymph * ck_lymph
        d_excess = k_lymph * ck_lymph / (volume_per_kg * body_mass0) - k_clear * ck_excess
        ck = sex_male * baseline_male + (1.0 - sex_male) * baseline_female + ck_excess
        return d_lymph, d_excess, ck
