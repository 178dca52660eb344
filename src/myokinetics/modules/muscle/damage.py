"""Exercise-induced muscle damage, the repeated-bout effect, soreness and plasma creatine kinase.

Damage (per muscle) is the fraction of force capacity lost to structural and
excitation-contraction-coupling damage.  It is caused by eccentric work under
high tension: the eccentric load of a set (load fraction x reps x eccentric
emphasis x involvement) weighted by how close to failure the set went (the
set's mean required fraction of the currently available force, from the
motor-unit pool, to a high power), by novelty (lower in trained lifters) and
by the protection left by earlier damaging bouts.  Repair has a limited
capacity (Michaelis-Menten, nearly zero-order): a few percent of damage is
gone in two to three days, the 40% left by maximal eccentric work takes
weeks (A55: only back to 80% at 2 weeks).

The repeated-bout effect (RBE) is a per-muscle protection built while the
muscle is damaged and lost over months (ipsilateral RBE > 8 weeks, attenuated
after 8-12 weeks: nosaka2005, chen2016).  It lowers later damage and, more
strongly, creatine kinase efflux (A55: strength fell by about 50% after each
of three bouts, but CK did not rise after bouts 2 and 3).

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
    description = ("Force capacity lost to eccentric damage, its limited-capacity repair, the repeated-bout protection "
                   "and delayed-onset soreness of each muscle group.")
    states = (
        State("damage", "1", 0.0, "fraction of force capacity lost to muscle damage", dims=("muscle",), scale=0.05),
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
        Input("trained", "1"),
        Input("upper_limb", "1", ("muscle",)),
    )
    outputs = (
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
              note="fractional reduction of damage in trained lifters (training status 1): habitual training confers a "
                   "lasting repeated-bout effect; trained men had lower CK after eccentric-overload leg press (A58); size assumed"),
        Param("repair_capacity", 0.0006, "1/h", "newham1987", (0.0002, 0.003), "D",
              note="maximal repair rate of damage (fraction of force capacity per hour, ~1.4% per day); with a 40% loss "
                   "after maximal eccentric work strength is back only to about 80% at 2 weeks (A55); fitted to A55 and A61", fitted_to=("newham1987-two-weeks", "gonzalezbadillo2016-failure")),
        Param("repair_half_saturation", 0.004, "1", "newham1987, gonzalezbadillo2016", (0.0005, 0.05), "D",
              note="damage at which repair runs at half its capacity; small, so repair is nearly zero-order: a few "
                   "percent of damage after conventional sessions is gone in 2-4 days (A60-A62) while severe damage "
                   "takes weeks (A55)"),
        Param("protection_gain", 0.05, "1/h", "chen2016, newham1987", (0.002, 0.2), "D",
              note="build-up of protection per hour per unit of damage; after maximal eccentric work protection nears "
                   "its maximum within 1-2 weeks (RBE at 2 weeks: 91% smaller changes, chen2016 control group) and "
                   "needs about a day to appear (chen2016); a few conventional sessions build a modest protection (A48); "
                   "`myokinetics calibrate` gives 0.2 [95 % CI 0.157-0.254], the upper bound, and still misses "
                   "newham1987-repeated-bout (now a no-change CK fold, 0.9-1.1) by +9 SD (CK fold 1.6; 4.7 at 0.05): "
                   "not reachable through this parameter, so the value is kept", fitted_to=("newham1987-repeated-bout",)),
        Param("protection_max", 0.9, "1", "chen2016", (0.5, 1.0), "C",
              note="maximal protection: changes after a second bout 2 weeks later were 91% smaller than after the first "
                   "(control group of chen2016)"),
        Param("k_protection_loss", 1.0 / (16 * 168.0), "1/h", "nosaka2005, chen2016, assumption", (1 / (52 * 168.0), 1 / (4 * 168.0)),
              "assumption",
              note="loss of protection, time constant 16 weeks: the ipsilateral RBE lasts more than 8 weeks (chen2016); "
                   "with a 12-week interval it remained for strength, soreness and CK but was attenuated for other "
                   "measures (nosaka2005); the exact decay law is our assumption"),
        Param("protection_force_share", 0.5, "1", "newham1987, chen2016, nosaka2005", (0.0, 1.0), "C",
              note="share of the protection that lowers force-capacity damage; CK efflux is lowered by the full "
                   "protection. Sources conflict: newham1987 saw the same ~50% strength loss after bouts 2 and 3 but no "
                   "CK rise, later studies (chen2016, nosaka2005) smaller strength loss too; 0.5 is between"),
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

    @staticmethod
    def rhs(damage, rbe_protection, soreness_signal, soreness_sensitisation, eccentric_load, relative_drive, muscle_mass,
            trained, upper_limb, damage_gain, effort_exponent, trained_resistance, repair_capacity, repair_half_saturation,
            protection_gain, protection_max, k_protection_loss, protection_force_share, k_soreness, soreness_half, ck_damage_exponent, ck_direct_leak,
            upper_limb_susceptibility):
        d = max(damage, 0.0)
        p = max(rbe_protection, 0.0)
        new = 0.0
        if eccentric_load > 0.0:
            effort = relative_drive ** effort_exponent
            new = (damage_gain * eccentric_load * effort * (1.0 - protection_force_share * p)
                   * (1.0 - trained_resistance * trained) * (1.0 + (upper_limb_susceptibility - 1.0) * upper_limb)
                   * max(1.0 - d, 0.0))
        repair = repair_capacity * d / (repair_half_saturation + d)
        d_damage = new - repair
        d_protection = protection_gain * d * max(protection_max - p, 0.0) - k_protection_loss * rbe_protection
        d_signal = new - k_soreness * soreness_signal
        d_sens = k_soreness * (soreness_signal - soreness_sensitisation)
        s = max(soreness_sensitisation, 0.0)
        soreness = 10.0 * s / (soreness_half + s)
        q = min(p / protection_max, 1.0)
        source = muscle_mass * d ** ck_damage_exponent * (ck_direct_leak + q) * (1.0 - q)
        sr = soreness / 10.0
        return d_damage, d_protection, d_signal, d_sens, soreness, source, muscle_mass * sr, muscle_mass * sr * sr


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
