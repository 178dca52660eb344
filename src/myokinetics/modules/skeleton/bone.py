"""Areal bone mineral density of the lumbar spine, femoral neck and total hip: a bone-cell model with mechanical feedback.

The cell dynamics are the bone cell population model of Pivonka et al. (2008), built on Lemaire et
al. (2004), with the mechanoregulation of Scheiner et al. (2013), reduced to what a training
simulation needs and written relative to the steady state so that the states stay exactly at
baseline without training.  For each loaded region (lumbar spine; proximal femur, shared by the
femoral neck and the total hip):

* ``obp`` osteoblast precursors, ``oba`` active osteoblasts, ``oca`` active osteoclasts, each
  relative to its steady state (pivonka2008: OBp 1.0e-3, OBa 5.0e-4, OCa 1.0e-4 pM with the
  published parameters of scheiner2013);
* TGF-beta released from the matrix in proportion to resorption (quasi-steady, ~ oca) activates
  precursor supply and osteoclast apoptosis and represses precursor differentiation;
* RANKL on precursors, buffered by OPG from active osteoblasts and by RANK (quasi-steady
  binding), drives osteoclast formation;
* mechanical feedback (scheiner2013): a fraction ``mech_share`` of the precursor supply is
  proliferation whose rate rises with the relative excess of the mechanical stimulus,
  Pi_mech = Pi_mech* (1 + lambda (Psi - Psi0)/Psi0), capped at 1 (Pi_mech* = 0.5).  Training never
  lowers the stimulus below the habitual one, so the disuse branch (extra RANKL below Psi0) is
  not used.
* Bone balance: formation minus resorption, d(bone)/dt = turnover x (oba - oca), plus mechanically driven
  *modelling*: formation on quiescent surfaces, not coupled to prior resorption, whenever the drive exceeds
  a modelling threshold (Frost's mechanostat, frost2003).  The remodelling cell model alone (mechanical
  share of precursor supply 10 %, proliferation at most doubled) caps the training response at about
  1-1.5 %/yr even when every session saturates it, below the gains of heavy training trials (watson2018:
  +4.1 % lumbar spine vs control in 8 months), so the modelling rate is fitted to the lumbar-spine effect of
  the pooled dynamic-RT trials (C40) and the other sites and trials are predictions.

The mechanical stimulus Psi of a region is the daily stress stimulus (carter1987): the habitual
daily loading cycles (walking) set Psi0; each repetition, landing or stride adds (F / F_walk)^m x a
loading-rate weight w, with F the peak force it puts on the site from joint-load studies
(:mod:`.loading`, the exercise library's ``hip_load``, ``spine_load``, ``impact_bw``, ``loading_rate``).  The
osteocyte signal integrates it over about a day (``bone_signal``), and Psi/Psi0 = (1 + signal)^(1/m).
This replaces Scheiner's micromechanical strain energy density by a load-history stimulus.

Cycle-number saturation (Turner's rule; turnerrobling2003, robling2001, yang2017): within a bout bone cells lose
mechanosensitivity, so each further cycle of the same load counts less, and they regain it over hours of rest.  A
desensitising dose D per site (``bone_dose``, recovering at ``k_resensitise``, full recovery in about 8 h) scales the
loading rate by exp(-D / (n_sat w)), w the weight of the current cycles: N equal cycles give n_sat w ln(1 + N / n_sat)
(linear for a few cycles, logarithmic beyond, the osteogenic index's form), and light cycles after heavy ones add
little.  Habitual walking passes through the same rule (its steady state under continuous walking), so its thousands
of daily steps count as a few hundred cycles and the few heavy repetitions or landings of a session weigh more
against them than in a plain cycle sum (which let 6000 steps swamp 50 heavy lifts).

Surplus bone returns slowly to the habitual set point when training stops (``k_bone_return``):
the mechanostat removes bone that the habitual loads no longer strain (not modelled cell by cell).

aBMD outputs: a reference value by sex and age at the start (NHANES), lowered by the
``low_bone_mass`` condition, times the training effect, times an age factor computed from
``age`` and ``age_now`` (as for sarcopenia in hypertrophy.py): age-related loss above 50 in
both sexes plus, in postmenopausal women, a loss that is fast in the first years after the
menopause and slower later (SWAN).  So the states stay at baseline without training, while
aBMD follows the subject's age.

Myokines (irisin, IL-6, myostatin) act on bone cells in rodents; in humans the evidence that
training changes bone through them is weak, so they are declared routes, not modelled.
"""
from __future__ import annotations

import math
from dataclasses import replace

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State, Var

_DAY = 24.0  # h per day: unit conversion of the published per-day rates



#: Every parameter of the bone modules, by name (per-site aBMD modules take theirs under generic names).
_PARAMS = (
        # --- mechanical stimulus
        Param("stress_exponent_bone", 4.0, "1", "carter1987, whalen1988", (2.0, 8.0), "C",
              note="exponent m of the daily stress stimulus; must equal skeletal_loading.stress_exponent (which weights each "
                   "repetition by (index x load)^m); m = 4 (carter1987), fitted values 3.5-8 (whalen1988)"),
        Param("habitual_cycles", 250.0, "1/h", "assumption", (80.0, 500.0), "assumption",
              note="habitual loading cycles averaged over the day (6000 steps a day = 250/h): older women take about 2000-9000 "
                   "steps a day; the habitual set point Psi0 of the mechanostat"),
        Param("saturation_cycles", 20.0, "1", "robling2001, yang2017, sun2018, turnerrobling2003, assumption", (1.0, 100.0), "assumption",
              note="number of cycles of one load after which bone cells begin to lose their mechanosensitivity within a bout: "
                   "the cumulative stimulus of N equal cycles is n_sat x w x ln(1 + N / n_sat), linear for a few cycles and "
                   "logarithmic beyond (turnerrobling2003's osteogenic index uses ln(1 + N), n_sat = 1; in mice 36 daily cycles "
                   "were already osteogenic and the increment fell from 216 to 1200 cycles, yang2017; cutting daily cycles from 1200 "
                   "to 300 to 60 did not lower periosteal formation, sun2018); 20 a judgement"),
        Param("k_resensitise", 3.0 / 8.0, "1/h", "robling2001", (3.0 / 16.0, 3.0 / 4.0), "C",
              note="rate at which bone cells regain mechanosensitivity after a bout: about 8 h of recovery restored full "
                   "sensitivity in rat tibiae (robling2001), taken as three time constants (tau 2.7 h)"),
        Param("k_signal", 1.0 / 24.0, "1/h", "assumption", (1.0 / (7 * 24.0), 1.0 / 6.0), "assumption",
              note="rate at which the osteocyte signal follows the loading (about a day): bone cells sense the daily loading "
                   "history rather than single cycles; a judgement"),
        Param("mech_gain", 1.25, "1", "scheiner2013", (0.2, 5.0), "C", "lognormal", 0.5,
              note="lambda: slope of the anabolic mechanical activation of precursor proliferation per relative excess of the "
                   "stimulus, Pi = Pi* (1 + lambda (Psi - Psi0)/Psi0) (scheiner2013, value of the reference implementation); "
                   "the between-subject CV (0.5) is an assumption standing for the wide spread of BMD responses to the same "
                   "training"),
        Param("model_gain", 0.5, "1", "frost2003, shojaa2020rt, assumption", (0.0, 20.0), "D",
              note="rate of modelling formation (bone balance per hour) per unit of mechanical drive above the modelling threshold; "
                   "set by hand to the lumbar-spine SMD of the pooled dynamic-RT trials (bone_C40_ls, role calibration): 0.5 "
                   "gives SMD 0.54 with the cycle-saturating stimulus and mosley1998 rate exponent (1.0 gave 0.91)",
              fitted_to=("bone_C40_ls",)),
        Param("model_threshold", 0.0, "1", "frost2003, assumption", (0.0, 0.5), "assumption",
              note="mechanical drive (relative rise of the daily stress stimulus x mech_gain) above which modelling formation "
                   "starts: the stimulus is already the excess over the habitual load, so no further lazy zone is assumed"),
        Param("mech_share", 0.1, "1", "scheiner2013", (0.02, 0.5), "C",
              note="fraction of the precursor supply that is mechanically regulated proliferation at steady state (a_P,OBp, scheiner2013)"),
        # --- cell population model, relative to steady state (pivonka2008 structure, scheiner2013 parameter values)
        Param("k_obp", 0.10553631290324827 / _DAY, "1/h", "pivonka2008, scheiner2013", (0.01 / _DAY, 1.0 / _DAY), "D",
              note="differentiation rate of osteoblast precursors at steady state, D_OBp x Pi_rep,OBp(TGF-b*) = 0.1657/d x 0.637 = "
                   "0.1055/d; derived from the published values by solving the steady state"),
        Param("k_oba", 0.211072625806496 / _DAY, "1/h", "pivonka2008, scheiner2013", (0.05 / _DAY, 1.0 / _DAY), "B",
              note="apoptosis rate of active osteoblasts A_OBa = 0.2111/d (scheiner2013; 0.189/d in pivonka2008)"),
        Param("k_oca", 0.8516395521304988 / _DAY, "1/h", "pivonka2008, scheiner2013", (0.1 / _DAY, 6.0 / _DAY), "D",
              note="apoptosis rate of active osteoclasts at steady state, A_OCa x Pi_act,OCa(TGF-b*) = 5.649/d x 0.151; derived"),
        Param("tgf_act", 0.1775319757858842, "1", "pivonka2008, scheiner2013", (0.01, 10.0), "D",
              note="steady-state TGF-beta over its activation constant (1.0e-4 pM / 5.633e-4 pM); derived"),
        Param("tgf_rep", 0.5700407605478327, "1", "pivonka2008, scheiner2013", (0.01, 10.0), "D",
              note="steady-state TGF-beta over its repression constant of precursor differentiation (1.0e-4 / 1.754e-4 pM); derived"),
        Param("opg_binding", 16.508162515724045, "1", "pivonka2008, scheiner2013", (0.1, 100.0), "D",
              note="K_A,RANKL-OPG x OPG* = 1e-3/pM x 16508 pM: RANKL bound by OPG at steady state relative to free; OPG made by "
                   "active osteoblasts (far below OPG_max, so proportional to them); derived"),
        Param("rank_binding", 0.3411764705882353, "1", "pivonka2008, scheiner2013", (0.01, 10.0), "D",
              note="K_A,RANKL-RANK x RANK = 3.41e-2/pM x 10 pM; derived"),
        Param("rankl_degradation", 3.0921435490543296, "1", "pivonka2008, scheiner2013", (0.1, 30.0), "D",
              note="D_RANKL x RANKL_eff* / beta_RANKL = 10.13/d x 51.4 pM / 168.4 pM/d: saturation of RANKL expression per "
                   "precursor; derived"),
        Param("rank_occupancy", 0.04226842945032539, "1", "pivonka2008, scheiner2013", (0.001, 1.0), "D",
              note="RANKL-RANK complex over its activation constant at steady state (0.240 pM / 5.68 pM); derived"),
        Param("pi_mech_ss", 0.5, "1", "scheiner2013", (0.1, 0.9), "C",
              note="steady-state value of the mechanical activation of precursor proliferation (capped at 1), scheiner2013"),
        # --- from cell balance to aBMD
        Param("turnover_spine", 0.15 / 8766.0, "1/h", "parfitt1994, assumption", (0.05 / 8766.0, 0.35 / 8766.0), "assumption",
              note="fraction of the site's bone renewed per year at steady state (15 %/yr): cancellous bone turns over about "
                   "20-30 %/yr and cortical 2-5 %/yr; the lumbar vertebrae measured by DXA are about half cancellous; sets how "
                   "much an excess of formation over resorption changes aBMD"),
        Param("turnover_femoral_neck", 0.06 / 8766.0, "1/h", "parfitt1994, assumption", (0.02 / 8766.0, 0.2 / 8766.0), "assumption",
              note="fraction renewed per year (6 %/yr): the femoral neck is mostly cortical (about 25 % cancellous)"),
        Param("turnover_total_hip", 0.09 / 8766.0, "1/h", "parfitt1994, assumption", (0.03 / 8766.0, 0.25 / 8766.0), "assumption",
              note="fraction renewed per year (9 %/yr): the trochanteric and intertrochanteric regions hold more cancellous bone "
                   "than the neck"),
        Param("k_bone_return", math.log(2.0) / (0.75 * 8766.0), "1/h", "dalsky1988, winters2000, assumption",
              (math.log(2.0) / (5 * 8766.0), math.log(2.0) / (0.2 * 8766.0)), "assumption",
              note="return of training-induced bone to the habitual set point (half-life 9 months): gains were largely lost "
                   "within 6-13 months of detraining (dalsky1988 spine; winters2000 hip); no study gives the rate directly"),
        # --- reference aBMD (NHANES) and its fall with age, at the start
        Param("bmd_young_spine_female", 1.064, "g/cm^2", "looker2012", (0.9, 1.25), "B",
              note="mean L1-L4 aBMD of women aged 21-30 (NHANES 2005-2008; values as reproduced in a secondary table, unverified "
                   "against the report)"),
        Param("bmd_young_spine_male", 1.057, "g/cm^2", "looker2012", (0.9, 1.25), "B", note="men aged 21-30, as above"),
        Param("bmd_young_neck_female", 0.85, "g/cm^2", "looker1998", (0.7, 1.0), "C",
              note="femoral neck aBMD of young adult women (NHANES III; about 0.85 g/cm^2, unverified)"),
        Param("bmd_young_neck_male", 0.93, "g/cm^2", "looker1998", (0.75, 1.1), "C", note="young adult men (NHANES III; unverified)"),
        Param("bmd_young_hip_female", 0.971, "g/cm^2", "looker2012", (0.8, 1.1), "B",
              note="total hip aBMD of women aged 21-30 (NHANES 2005-2008, via a secondary table; unverified)"),
        Param("bmd_young_hip_male", 1.067, "g/cm^2", "looker2012", (0.9, 1.2), "B", note="men aged 21-30, as above"),
        Param("bmd_decline_onset", 45.0, "yr", "looker2012", (35.0, 55.0), "C",
              note="age from which mean aBMD falls across NHANES age groups (stable from 21-30 to 41-50)"),
        Param("bmd_slope_spine_female", 0.0054, "g/cm^2/yr", "looker2012", (0.0, 0.012), "D",
              note="fall of mean spine aBMD per year of age after the onset in women: 1.056 (41-50) to 0.902 (71-80); derived"),
        Param("bmd_slope_spine_male", 0.0, "g/cm^2/yr", "looker2012, looker2012spine", (0.0, 0.005), "C",
              note="lumbar spine aBMD does not fall with age in men (degenerative changes add apparent density)"),
        Param("bmd_slope_neck_female", 0.0063, "g/cm^2/yr", "looker1998, assumption", (0.002, 0.012), "D",
              note="femoral neck: about 0.85 to 0.66 g/cm^2 from 45 to 75 y in women; approximate, unverified"),
        Param("bmd_slope_neck_male", 0.005, "g/cm^2/yr", "looker1998, assumption", (0.001, 0.01), "D",
              note="femoral neck: about 0.93 to 0.78 g/cm^2 from 45 to 75 y in men; approximate, unverified"),
        Param("bmd_slope_hip_female", 0.006, "g/cm^2/yr", "looker2012, assumption", (0.002, 0.012), "D",
              note="total hip in women: about 0.97 to 0.79 g/cm^2 from 45 to 75 y; approximate, unverified"),
        Param("bmd_slope_hip_male", 0.0026, "g/cm^2/yr", "looker2012", (0.0, 0.008), "D",
              note="total hip in men: 1.040 (41-50) to 0.961 (71-80); derived"),
        Param("low_bone_mass_deficit", 0.15, "1", "assumption", (0.05, 0.3), "assumption",
              note="aBMD of a subject with low bone mass (osteopenia, T-score -1 to -2.5) below the age- and sex-matched mean: "
                   "about 1.5 SD of 0.11-0.14 g/cm^2; a judgement"),
        # --- ongoing loss with age and after the menopause (on the outputs)
        Param("age_loss_onset", 50.0, "yr", "assumption", (40.0, 65.0), "assumption",
              note="age above which age-related bone loss starts in both sexes"),
        Param("age_loss_spine", 0.0, "1/yr", "looker2012spine", (0.0, 0.01), "C",
              note="age-related loss of lumbar-spine aBMD outside the menopause: none measurable in men (looker2012spine)"),
        Param("age_loss_neck", 0.004, "1/yr", "assumption", (0.0, 0.01), "assumption", "lognormal", 0.5,
              note="age-related loss of femoral-neck aBMD above the onset (about 0.4 %/yr, of the order of the cross-sectional fall "
                   "in men); the CV stands for between-subject spread of loss rates"),
        Param("age_loss_hip", 0.004, "1/yr", "assumption", (0.0, 0.01), "assumption", "lognormal", 0.5,
              note="as for the femoral neck, total hip"),
        Param("menopause_age", 51.0, "yr", "greendale2012, assumption", (45.0, 56.0), "assumption",
              note="age at the final menstrual period assumed for a postmenopausal subject (median about 51 y)"),
        Param("meno_early_spine", 0.025, "1/yr", "greendale2012, sowers2010", (0.01, 0.04), "B",
              note="lumbar-spine loss rate right after the menopause: 7.4 % over the 3-year transmenopause (greendale2012), "
                   "3.3 %/yr in the 2 years after the final menses (sowers2010)"),
        Param("meno_late_spine", 0.008, "1/yr", "greendale2012, sowers2010", (0.0, 0.02), "B", "lognormal", 0.5,
              note="later postmenopausal lumbar-spine loss: 1.1 %/yr 2-7 years after the final menses (sowers2010), slower later "
                   "(0.5-1 %/yr); CV an assumption for the spread between women"),
        Param("meno_early_neck", 0.018, "1/yr", "greendale2012", (0.008, 0.03), "B",
              note="femoral-neck loss right after the menopause: 5.8 % over the 3-year transmenopause (greendale2012)"),
        Param("meno_late_neck", 0.005, "1/yr", "greendale2012, sowers2010", (0.0, 0.015), "C", "lognormal", 0.5,
              note="later postmenopausal femoral-neck loss beyond the age-related loss (total about 1 %/yr); CV an assumption"),
        Param("meno_early_hip", 0.016, "1/yr", "greendale2012, assumption", (0.008, 0.03), "C",
              note="total-hip loss right after the menopause, taken similar to the femoral neck (greendale2012 report FN and LS)"),
        Param("meno_late_hip", 0.005, "1/yr", "assumption", (0.0, 0.015), "assumption", "lognormal", 0.5,
              note="later postmenopausal total-hip loss beyond the age-related loss; as for the femoral neck"),
        Param("meno_tau", 3.0, "yr", "greendale2012", (1.0, 8.0), "C",
              note="time constant of the slowing of postmenopausal loss: fastest from 1 year before to 2 years after the final "
                   "menses, slower 2-5 years after (greendale2012)"),
)
_P = {p.name: p for p in _PARAMS}


def _site(names: dict) -> tuple:
    """Parameters of one aBMD site under generic names: {generic: specific}."""
    return tuple(replace(_P[v], name=k) for k, v in names.items())


class BoneStimulus(Module):
    name = "bone_stimulus"
    organ = "bone"
    description = ("Osteocyte signal of the lumbar spine and the proximal femur: the day-averaged excess of the daily stress "
                   "stimulus over the habitual one, with cycle-number saturation within a bout (Turner's rule), and the "
                   "resulting mechanical drive of osteoblast precursor proliferation.")
    states = (
        State("bone_signal_spine", "1", 0.0, "osteocyte signal of the lumbar spine: excess daily stress stimulus over habitual (day-averaged)",
              decay="k_signal", scale=1.0),
        State("bone_signal_hip", "1", 0.0, "osteocyte signal of the proximal femur: excess daily stress stimulus over habitual (day-averaged)",
              decay="k_signal", scale=1.0),
        State("bone_dose_spine", "1", 0.0, "recent effective loading of the lumbar spine (force-weighted cycles) that desensitises "
              "its bone cells; fades as they recover", decay="k_resensitise", scale=100.0),
        State("bone_dose_hip", "1", 0.0, "recent effective loading of the proximal femur (force-weighted cycles) that desensitises "
              "its bone cells; fades as they recover", decay="k_resensitise", scale=100.0),
    )
    inputs = (Input("bone_load_spine", "1/h"), Input("bone_load_hip", "1/h"), Input("bone_cycles_spine", "1/h"),
              Input("bone_cycles_hip", "1/h"))
    outputs = (
        Var("bone_stimulus_spine", "1", "mechanical stimulus of the lumbar spine relative to habitual, minus 1 ((Psi - Psi0)/Psi0)"),
        Var("bone_stimulus_hip", "1", "mechanical stimulus of the proximal femur relative to habitual, minus 1 ((Psi - Psi0)/Psi0)"),
        Var("bone_mech_drive_spine", "1", "relative rise of mechanically driven precursor proliferation, lumbar spine (before the cap)"),
        Var("bone_mech_drive_hip", "1", "relative rise of mechanically driven precursor proliferation, proximal femur (before the cap)"),
    )
    params = tuple(_P[n] for n in ("stress_exponent_bone", "habitual_cycles", "k_signal", "mech_gain", "saturation_cycles",
                                   "k_resensitise"))
    routes = (
        Route("bone", "paracrine", "muscle forces -> bone strain -> osteocyte signal (mechanostat)", "carter1987, scheiner2013", True),
    )

    @staticmethod
    def rhs(bone_signal_spine, bone_signal_hip, bone_dose_spine, bone_dose_hip, bone_load_spine, bone_load_hip,
            bone_cycles_spine, bone_cycles_hip, stress_exponent_bone, habitual_cycles, k_signal, mech_gain, saturation_cycles,
            k_resensitise):
        # the loading signal carries (F / F_walk)^m x rate weight per cycle (skeletal_loading).  Within a bout each cycle
        # counts less as the cells desensitise (Turner's rule): the effective rate is the load rate x exp(-D / (n_sat w)),
        # D the recent effective dose (fading as the cells recover), w the weight of the current cycles, so N equal
        # cycles give n_sat w ln(1 + N / n_sat), and lighter cycles after heavier ones add little.  Habitual walking
        # (habitual_cycles of weight 1) passes through the same rule at steady state and sets Psi0; Psi/Psi0 = (1 + u)^(1/m)
        m = stress_exponent_bone
        e_spine = _effective_load(bone_load_spine, bone_cycles_spine, bone_dose_spine, saturation_cycles)
        e_hip = _effective_load(bone_load_hip, bone_cycles_hip, bone_dose_hip, saturation_cycles)
        hab = _habitual_effective(habitual_cycles, k_resensitise, saturation_cycles)
        d_spine = k_signal * (e_spine / hab - bone_signal_spine)
        d_hip = k_signal * (e_hip / hab - bone_signal_hip)
        dd_spine = e_spine - k_resensitise * bone_dose_spine
        dd_hip = e_hip - k_resensitise * bone_dose_hip
        stim_spine = (1.0 + max(bone_signal_spine, 0.0)) ** (1.0 / m) - 1.0
        stim_hip = (1.0 + max(bone_signal_hip, 0.0)) ** (1.0 / m) - 1.0
        return d_spine, d_hip, dd_spine, dd_hip, stim_spine, stim_hip, mech_gain * stim_spine, mech_gain * stim_hip


try:
    from numba import njit as _njit
except ImportError:  # pure-Python fallback, as in the generated kernel
    def _njit(*a, **k):
        return a[0] if a and callable(a[0]) else (lambda f: f)


@_njit(inline="always", cache=False)
def _effective_load(load, cycles, dose, n_sat):
    """Force-weighted loading rate after the desensitisation of the current bout (Turner's cycle-number rule)."""
    if load <= 0.0 or cycles <= 0.0:
        return 0.0
    w = load / cycles                        # weight of one of the current cycles, (F / F_walk)^m x rate weight
    return load * math.exp(-max(dose, 0.0) / (n_sat * w))


@_njit(inline="always", cache=False)
def _habitual_effective(cycles, k_rec, n_sat):
    """Effective rate of habitual walking (weight 1, ``cycles`` per hour without pause) at the steady state of the
    desensitisation rule: D e^(D / n_sat) = cycles / k_rec, solved for x = D / n_sat (Lambert W) by Newton's method."""
    z = cycles / (k_rec * n_sat)
    x = math.log(1.0 + z)
    for _ in range(12):
        ex = math.exp(x)
        x = x - (x * ex - z) / (ex * (1.0 + x))
    return k_rec * n_sat * x


@_njit(inline="always", cache=False)
def _cell_rates(obp, oba, oca, balance, drive, mech_share, pi_mech_ss, k_obp, k_oba, k_oca, tgf_act, tgf_rep,
                opg_binding, rank_binding, rankl_degradation, rank_occupancy, k_bone_return, model_gain, model_threshold):
    """Pivonka 2008 cell kinetics with Scheiner 2013 mechanoregulation, relative to steady state (one site), and
    mechanically driven modelling formation above a threshold."""
    x = max(obp, 0.0)
    y = max(oba, 0.0)
    z = max(oca, 0.0)
    # every factor is written as 1 + (deviation) so that it is exactly 1 at the steady state (x = y = z = 1)
    # TGF-beta ~ resorption (quasi-steady): activation of precursor supply and of osteoclast apoptosis,
    # ra = Pi_act(z)/Pi_act(1), and repression of precursor differentiation, rr = Pi_rep(z)/Pi_rep(1)
    ra = 1.0 + (z - 1.0) / (1.0 + tgf_act * z)
    rr = 1.0 - tgf_rep * (z - 1.0) / (1.0 + tgf_rep * z)
    # mechanical activation of precursor proliferation, Pi = Pi* (1 + lambda dPsi/Psi0), capped at 1
    prolif = 1.0 + drive
    if prolif > 1.0 / pi_mech_ss:
        prolif = 1.0 / pi_mech_ss
    # supply (1 - a) ra + proliferation a prolif x - differentiation x rr, rearranged
    d_obp = k_obp * ((1.0 - mech_share) * (ra - x * rr) + mech_share * x * (prolif - rr))
    d_oba = k_oba * (x * rr - y)
    # RANKL on precursors (saturating expression), buffered by OPG (from active osteoblasts) and RANK; osteoclast
    # formation through RANK occupancy
    rankl = x * (1.0 - opg_binding * (y - 1.0) / (1.0 + opg_binding * y + rank_binding)) \
        * (1.0 - rankl_degradation * (x - 1.0) / (1.0 + rankl_degradation * x))
    act = 1.0 + (rankl - 1.0) / (1.0 + rank_occupancy * rankl)
    d_oca = k_oca * (act - z * ra)
    d_bal = (oba - oca) + model_gain * max(drive - model_threshold, 0.0) - k_bone_return * balance
    return d_obp, d_oba, d_oca, d_bal


@_njit(inline="always", cache=False)
def _bmd(balance, sex_male, age, age_now, postmenopausal, low_bone_mass, turnover, bmd_young_female, bmd_young_male,
         bmd_slope_female, bmd_slope_male, bmd_decline_onset, low_bone_mass_deficit, age_loss_onset, age_loss,
         menopause_age, meno_early, meno_late, meno_tau):
    """aBMD of one site and its ageing factor."""
    # aBMD = reference at the start (sex, age, low bone mass) x training effect x ageing since the start
    fem = 1.0 - sex_male
    over = max(age - bmd_decline_onset, 0.0)
    ref = (fem * (bmd_young_female - bmd_slope_female * over) + sex_male * (bmd_young_male - bmd_slope_male * over)) \
        * (1.0 - low_bone_mass_deficit * low_bone_mass)
    # integrated loss rate from age to age_now: a constant rate above age_loss_onset, and in postmenopausal women
    # r(a) = late + (early - late) exp(-(a - menopause_age)/tau) above the menopause age
    yrs_age = max(age_now - age_loss_onset, 0.0) - max(age - age_loss_onset, 0.0)
    a0 = max(age, menopause_age)
    a1 = max(age_now, menopause_age)
    fast = meno_tau * (math.exp(-(a0 - menopause_age) / meno_tau) - math.exp(-(a1 - menopause_age) / meno_tau))
    loss = age_loss * yrs_age + postmenopausal * fem * (meno_late * (a1 - a0) + (meno_early - meno_late) * fast)
    fac = math.exp(-loss)
    return ref * (1.0 + turnover * balance) * fac, fac


_CELL_PARAMS = tuple(_P[n] for n in ("mech_share", "pi_mech_ss", "k_obp", "k_oba", "k_oca", "tgf_act", "tgf_rep", "opg_binding",
                                     "rank_binding", "rankl_degradation", "rank_occupancy", "k_bone_return", "model_gain",
                                     "model_threshold"))


def _cell_states(site: str, long: str) -> tuple:
    return (
        State(f"obp_{site}", "1", 1.0, f"osteoblast precursors of the {long}, relative to steady state", memory=True),
        State(f"oba_{site}", "1", 1.0, f"active osteoblasts of the {long}, relative to steady state", memory=True),
        State(f"oca_{site}", "1", 1.0, f"active osteoclasts of the {long}, relative to steady state", memory=True),
        State(f"bone_balance_{site}", "h", 0.0, f"accumulated formation minus resorption of the {long} (time integral of oba - oca)",
              decay="k_bone_return", memory=True, scale=100.0),
    )


class BoneCellsSpine(Module):
    name = "bone_cells_spine"
    organ = "bone"
    description = ("Bone cell population of the lumbar spine (Pivonka 2008 with Scheiner 2013 mechanoregulation, relative to "
                   "steady state): osteoblast precursors, active osteoblasts and osteoclasts, and the bone balance.")
    states = _cell_states("spine", "lumbar spine")
    inputs = (Input("bone_mech_drive_spine", "1"),)
    outputs = ()
    params = _CELL_PARAMS
    routes = (Route("bone", "paracrine", "mechanical stimulus -> osteoblast precursor proliferation; RANKL/OPG, TGF-beta coupling",
                    "pivonka2008, scheiner2013", True),)

    @staticmethod
    def rhs(obp_spine, oba_spine, oca_spine, bone_balance_spine, bone_mech_drive_spine, mech_share, pi_mech_ss, k_obp, k_oba,
            k_oca, tgf_act, tgf_rep, opg_binding, rank_binding, rankl_degradation, rank_occupancy, k_bone_return, model_gain,
            model_threshold):
        return _cell_rates(obp_spine, oba_spine, oca_spine, bone_balance_spine, bone_mech_drive_spine, mech_share, pi_mech_ss,
                           k_obp, k_oba, k_oca, tgf_act, tgf_rep, opg_binding, rank_binding, rankl_degradation,
                           rank_occupancy, k_bone_return, model_gain, model_threshold)


class BoneCellsHip(Module):
    name = "bone_cells_hip"
    organ = "bone"
    description = ("Bone cell population of the proximal femur (femoral neck and total hip), as for the lumbar spine.")
    states = _cell_states("hip", "proximal femur")
    inputs = (Input("bone_mech_drive_hip", "1"),)
    outputs = ()
    params = _CELL_PARAMS
    routes = (Route("bone", "paracrine", "mechanical stimulus -> osteoblast precursor proliferation; RANKL/OPG, TGF-beta coupling",
                    "pivonka2008, scheiner2013", True),)

    @staticmethod
    def rhs(obp_hip, oba_hip, oca_hip, bone_balance_hip, bone_mech_drive_hip, mech_share, pi_mech_ss, k_obp, k_oba,
            k_oca, tgf_act, tgf_rep, opg_binding, rank_binding, rankl_degradation, rank_occupancy, k_bone_return, model_gain,
            model_threshold):
        return _cell_rates(obp_hip, oba_hip, oca_hip, bone_balance_hip, bone_mech_drive_hip, mech_share, pi_mech_ss,
                           k_obp, k_oba, k_oca, tgf_act, tgf_rep, opg_binding, rank_binding, rankl_degradation,
                           rank_occupancy, k_bone_return, model_gain, model_threshold)


_BMD_INPUTS = (Input("sex_male", "1"), Input("age", "yr"), Input("age_now", "yr"), Input("postmenopausal", "1"),
               Input("low_bone_mass", "1"))


def _bmd_params(site: str, short: str) -> tuple:
    return _site({"turnover": f"turnover_{site}", "bmd_young_female": f"bmd_young_{short}_female",
                  "bmd_young_male": f"bmd_young_{short}_male", "bmd_slope_female": f"bmd_slope_{short}_female",
                  "bmd_slope_male": f"bmd_slope_{short}_male", "bmd_decline_onset": "bmd_decline_onset",
                  "low_bone_mass_deficit": "low_bone_mass_deficit", "age_loss_onset": "age_loss_onset",
                  "age_loss": f"age_loss_{short}", "menopause_age": "menopause_age", "meno_early": f"meno_early_{short}",
                  "meno_late": f"meno_late_{short}", "meno_tau": "meno_tau"})


class BMDLumbarSpine(Module):
    name = "bmd_lumbar_spine_site"
    organ = "bone"
    description = "Areal BMD of the lumbar spine (L1-L4): NHANES reference x training effect x age and menopause loss."
    states = ()
    inputs = (Input("bone_balance_spine", "h"),) + _BMD_INPUTS
    outputs = (Var("bmd_lumbar_spine", "g/cm^2", "areal BMD of the lumbar spine (L1-L4)"),
               Var("bone_age_factor_spine", "1", "lumbar-spine aBMD relative to the start from ageing and menopause alone"))
    params = _bmd_params("spine", "spine")

    @staticmethod
    def rhs(bone_balance_spine, sex_male, age, age_now, postmenopausal, low_bone_mass, turnover, bmd_young_female,
            bmd_young_male, bmd_slope_female, bmd_slope_male, bmd_decline_onset, low_bone_mass_deficit, age_loss_onset,
            age_loss, menopause_age, meno_early, meno_late, meno_tau):
        return _bmd(bone_balance_spine, sex_male, age, age_now, postmenopausal, low_bone_mass, turnover, bmd_young_female,
                    bmd_young_male, bmd_slope_female, bmd_slope_male, bmd_decline_onset, low_bone_mass_deficit,
                    age_loss_onset, age_loss, menopause_age, meno_early, meno_late, meno_tau)


class BMDFemoralNeck(Module):
    name = "bmd_femoral_neck_site"
    organ = "bone"
    description = "Areal BMD of the femoral neck: NHANES reference x training effect x age and menopause loss."
    states = ()
    inputs = (Input("bone_balance_hip", "h"),) + _BMD_INPUTS
    outputs = (Var("bmd_femoral_neck", "g/cm^2", "areal BMD of the femoral neck"),
               Var("bone_age_factor_neck", "1", "femoral-neck aBMD relative to the start from ageing and menopause alone"))
    params = _bmd_params("femoral_neck", "neck")

    @staticmethod
    def rhs(bone_balance_hip, sex_male, age, age_now, postmenopausal, low_bone_mass, turnover, bmd_young_female,
            bmd_young_male, bmd_slope_female, bmd_slope_male, bmd_decline_onset, low_bone_mass_deficit, age_loss_onset,
            age_loss, menopause_age, meno_early, meno_late, meno_tau):
        return _bmd(bone_balance_hip, sex_male, age, age_now, postmenopausal, low_bone_mass, turnover, bmd_young_female,
                    bmd_young_male, bmd_slope_female, bmd_slope_male, bmd_decline_onset, low_bone_mass_deficit,
                    age_loss_onset, age_loss, menopause_age, meno_early, meno_late, meno_tau)


class BMDTotalHip(Module):
    name = "bmd_total_hip_site"
    organ = "bone"
    description = "Areal BMD of the total hip: NHANES reference x training effect x age and menopause loss."
    states = ()
    inputs = (Input("bone_balance_hip", "h"),) + _BMD_INPUTS
    outputs = (Var("bmd_total_hip", "g/cm^2", "areal BMD of the total hip"),
               Var("bone_age_factor_hip", "1", "total-hip aBMD relative to the start from ageing and menopause alone"))
    params = _bmd_params("total_hip", "hip")

    @staticmethod
    def rhs(bone_balance_hip, sex_male, age, age_now, postmenopausal, low_bone_mass, turnover, bmd_young_female,
            bmd_young_male, bmd_slope_female, bmd_slope_male, bmd_decline_onset, low_bone_mass_deficit, age_loss_onset,
            age_loss, menopause_age, meno_early, meno_late, meno_tau):
        return _bmd(bone_balance_hip, sex_male, age, age_now, postmenopausal, low_bone_mass, turnover, bmd_young_female,
                    bmd_young_male, bmd_slope_female, bmd_slope_male, bmd_decline_onset, low_bone_mass_deficit,
                    age_loss_onset, age_loss, menopause_age, meno_early, meno_late, meno_tau)


#: The bone modules in dependency order.
BONE_MODULES = (BoneStimulus, BoneCellsSpine, BoneCellsHip, BMDLumbarSpine, BMDFemoralNeck, BMDTotalHip)
