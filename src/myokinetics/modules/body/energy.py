"""Resting metabolic rate from organ and tissue masses, daily energy expenditure, and body composition
from the energy balance (Hall 2011 family, Forbes partitioning).

Resting metabolic rate.  ``rmr_tissue`` = sum of K_i x T_i over tissues (the Elia 1992 specific metabolic
rates as tabulated and tested against MRI organ masses and indirect calorimetry by Wang et al. 2010:
skeletal muscle 13, adipose tissue 4.5, liver 200, brain 240, heart and kidneys 440, residual mass 12
kcal/kg/day; C62).  Above 50 y every K_i is 3 % lower (wang2010kidneys' age-adjusted values, C63).  The
tissue masses are:

* skeletal muscle: the CURRENT skeletal muscle mass of the muscle modules (training and ageing);
* adipose tissue: the current fat mass divided by the lipid fraction of adipose tissue;
* liver, brain, heart, kidneys: reference values (ICRP 89 reference man and woman), liver, heart and
  kidneys scaled with the fat-free mass relative to the reference (derived, see the params);
* residual (skin, bone, gut, lungs, blood, ...): what is left of body mass, plus the lean tissue
  gained or lost through the energy balance.

The fat mass at the start comes from BMI, age and sex (Deurenberg 1991).

``rmr`` (what indirect calorimetry measures in the morning) is ``rmr_tissue`` plus the residual
post-exercise elevation of the EPOC module (``epoc_rate`` x 24 h).  Contradiction 1 of the evidence:
trials report RMR rises (+96 kcal/d, C60; +73 kcal/d, C61) much larger than the tissue cost of 1-2 kg of
new muscle at 13 kcal/kg/d (about 15-25 kcal/d).  We keep the tissue cost at 13 kcal/kg and let the
separate, uncertain term (the post-exercise elevation, which is still present 24-72 h after a session)
carry the rest where the measurement falls within that window.  Other candidate explanations (higher
protein turnover, sympathetic tone, measurement error and publication bias) are not modelled.

Daily expenditure.  ``tee`` = rmr + thermic effect of food (a fraction of intake) + habitual activity
(scaling with body mass, as in Hall 2011) + the cost of the training itself (``exercise_expenditure``):

* a resistance set costs ``set_cost`` per kg of activation-weighted working muscle while it is performed
  (a judgement matched to the Compendium's 3.5-6 METs for a session);
* an endurance bout costs its oxygen uptake net of rest, (fraction of VO2max x VO2max - 3.5 mL/kg/min x
  body mass) x 5 kcal per litre of O2 (the ACSM metabolic calculations, acsm2018), so running and cycling
  follow their intensity and duration, not the working muscle mass.  The subject's VO2max is the FRIEND
  registry median for sex and age (kaminsky2015, the values that convert distances and paces) applied to
  the fat-free mass (an obese subject has a lower VO2max per kg of body mass).  A ``vo2max`` given in a
  scenario converts paces but is not yet read here (a limitation).

Intake is the subject's habitual, weight-stable intake: the expenditure the subject would have WITHOUT
training at his current age (the ageing of muscle included), plus ``energy_intake_change`` (caloric
restriction arms) from t = 0, plus the compensation of exercise: a share ``energy_compensation`` (0.5;
0.18-0.84 across the sources, which disagree: flack2018, emechanic2021dlw, riou2015) of the exercise
expenditure (sessions and EPOC) averaged over about a week.  So without training every state stays at
baseline, and training adds an energy deficit (session cost, EPOC, tissue cost of new muscle, the energy
stored in it) of which about half is eaten back.

Body composition.  The change of the body's energy stores (kcal), less the energy stored in
training-induced muscle, is split between fat and lean tissue.  For a deficit of lower intake Forbes's
partition at the initial fat mass applies (p = C / (C + F0), C = 10.4 kg x rho_L / rho_F; Hall 2007,
linearised for modest changes).  A deficit caused by exercise spares lean tissue (``exercise_lean_sparing``,
1: at the same ~7 % weight loss caloric restriction lowered lean mass by ~2 % and endurance exercise not
at all, weiss2017); with both, the lean share is weighted by the accumulated exercise and diet deficits.
The lean tissue gained or lost through the energy balance is not fed back into the muscle modules (a
limitation: caloric restriction does not reduce muscle protein synthesis in this model).  ``lean_mass`` =
fat-free mass at the start + training and ageing change of skeletal muscle + energy-balance lean change.
Without training the energy store returns to baseline with a time constant of about a year (Hall 2011:
half-times of about 1 year).
"""
from __future__ import annotations

import math

import numpy as np

from myokinetics.model.module import Module, Route, SignalModule
from myokinetics.model.param import Input, Param, State, Var
from myokinetics.program.endurance import FRIEND_AGES, FRIEND_MEDIAN_VO2MAX


class MuscleMassAgeingOnly(Module):
    name = "muscle_mass_ageing_only"
    organ = "muscle"
    per_muscle = True
    description = "Mass each muscle group would have from ageing alone (no training): the reference for habitual intake."
    states = ()
    inputs = (
        Input("muscle_mass", "kg", ("muscle",)),
        Input("age_mass_factor", "1", ("muscle",)),
    )
    outputs = (Var("muscle_mass_untrained", "kg", "mass of the muscle group from ageing alone (without training)",
                   ("muscle",), observable=False),)
    params = ()

    @staticmethod
    def rhs(muscle_mass, age_mass_factor):
        return (muscle_mass * age_mass_factor,)


# --- Elia / Wang specific metabolic rates
K_PARAMS = (
    Param("k_muscle", 13.0, "kcal/kg/d", "wang2010smr, elia1992", (11.0, 15.0), "A",
          note="specific resting metabolic rate of skeletal muscle (Elia 1992), inside the 95 % CI of MRI + calorimetry in 21-50 y "
               "(wang2010smr, C62); NOT 50-100 kcal/kg/d as popularly claimed (C64)"),
    Param("k_adipose", 4.5, "kcal/kg/d", "wang2010smr, elia1992", (3.5, 5.5), "A", note="adipose tissue (Elia 1992; C62)"),
    Param("k_residual", 12.0, "kcal/kg/d", "wang2010smr, elia1992", (9.0, 15.0), "A",
          note="residual mass: skin, bone, gut, lungs, blood and the rest (Elia 1992; C62)"),
    Param("older_factor", 0.97, "1", "wang2010smr", (0.9, 1.0), "A",
          note="above 50 y Elia's values overestimate by about 3 %: age-adjusted muscle 12.6, adipose 4.4, liver 194, brain 233, "
               "heart and kidneys 426, residual 11.6 kcal/kg/d (wang2010smr, C63) = 0.97 x Elia"),
    Param("older_age", 50.0, "yr", "wang2010smr", (45.0, 60.0), "A", note="age above which the age-adjusted values apply (C63: the >50 y group)"),
)


class BodyCompositionBaseline(Module):
    name = "body_composition_baseline"
    organ = "whole_body"
    description = ("Body composition at the start: fat mass from BMI, age and sex (Deurenberg 1991), organ masses (ICRP reference "
                   "values scaled by fat-free mass) and their resting metabolic rate (Elia 1992 / Wang 2010).")
    states = ()
    inputs = (
        Input("sex_male", "1"),
        Input("age", "yr"),
        Input("body_mass0", "kg"),
        Input("height", "cm"),
        Input("skeletal_muscle_mass", "kg"),
    )
    outputs = (
        Var("fat_mass0", "kg", "fat mass at the start", observable=False),
        Var("adipose_mass0", "kg", "adipose tissue mass at the start", observable=False),
        Var("organ_rmr", "kcal/d", "resting metabolic rate of liver, brain, heart and kidneys (Elia values, before age adjustment)",
            observable=False),
        Var("residual_mass0", "kg", "residual mass at the start (body mass minus muscle, adipose tissue and the four organs)",
            observable=False),
        Var("vo2max_abs", "L/min", "maximal oxygen uptake of the subject (FRIEND median for sex and age, scaled by fat-free mass)",
            observable=False),
    )
    params = (
        Param("k_liver", 200.0, "kcal/kg/d", "wang2010smr, elia1992", (170.0, 230.0), "A", note="liver (Elia 1992; C62)"),
        Param("k_brain", 240.0, "kcal/kg/d", "wang2010smr, elia1992", (200.0, 280.0), "A", note="brain (Elia 1992; C62)"),
        Param("k_heart_kidneys", 440.0, "kcal/kg/d", "wang2010smr, elia1992", (380.0, 500.0), "A", note="heart and kidneys (Elia 1992; C62)"),
        Param("liver_ref_male", 1.8, "kg", "icrp2002", (1.2, 2.5), "B", note="liver of the ICRP reference man (73 kg, 176 cm)"),
        Param("liver_ref_female", 1.4, "kg", "icrp2002", (1.0, 2.0), "B", note="liver of the ICRP reference woman (60 kg, 163 cm)"),
        Param("brain_ref_male", 1.45, "kg", "icrp2002", (1.2, 1.7), "B", note="brain of the ICRP reference man; not scaled with body size"),
        Param("brain_ref_female", 1.3, "kg", "icrp2002", (1.1, 1.5), "B", note="brain of the ICRP reference woman"),
        Param("heart_kidneys_ref_male", 0.64, "kg", "icrp2002", (0.45, 0.9), "B", note="heart 0.33 + kidneys 0.31 kg, ICRP reference man"),
        Param("heart_kidneys_ref_female", 0.525, "kg", "icrp2002", (0.35, 0.75), "B", note="heart 0.25 + kidneys 0.275 kg, ICRP reference woman"),
        Param("ffm_ref_male", 58.0, "kg", "icrp2002, deurenberg1991, assumption", (50.0, 66.0), "D",
              note="fat-free mass of the reference man (73 kg at about 20 % fat): liver, heart and kidneys are scaled by FFM / this value "
                   "(organ masses rise with body size: muller2011organs); the proportional scaling is our assumption"),
        Param("ffm_ref_female", 43.0, "kg", "icrp2002, deurenberg1991, assumption", (36.0, 50.0), "D",
              note="fat-free mass of the reference woman (60 kg at about 28 % fat), used as ffm_ref_male"),
        Param("adipose_lipid_fraction", 0.8, "1", "icrp2002, assumption", (0.7, 0.9), "C",
              note="fraction of adipose tissue mass that is fat (lipid): adipose tissue = fat mass / 0.8; about 80 % in reference "
                   "adults (value from memory of the reference-man tables, unverified)"),
        Param("bf_bmi", 1.2, "1", "deurenberg1991", (1.0, 1.4), "B",
              note="body fat % = 1.2 BMI (kg/m^2) + 0.23 age (y) - 10.8 male - 5.4 (densitometry, 1229 subjects, SEE 4.1 %; "
                   "overestimates slightly in obesity)"),
        Param("bf_age", 0.23, "1", "deurenberg1991", (0.1, 0.35), "B", note="see bf_bmi (per year of age)"),
        Param("bf_male", 10.8, "1", "deurenberg1991", (8.0, 13.0), "B", note="see bf_bmi"),
        Param("bf_intercept", 5.4, "1", "deurenberg1991", (3.0, 8.0), "B", note="see bf_bmi (subtracted)"),
        Param("bf_spread", 1.0, "1", "deurenberg1991", (0.6, 1.6), "B", "lognormal", 0.15,
              note="between-subject spread of fat mass at a given BMI, age and sex: SEE 4.1 % body fat on a mean of about 25 % (CV about 0.15)"),
        Param("vo2max_young_male", FRIEND_MEDIAN_VO2MAX["male"][0], "mL/kg/min", "kaminsky2015", (40.0, 56.0), "B",
              note="50th-percentile VO2max of men aged 20-29 in the FRIEND registry (7783 treadmill tests); one table with "
                   "the conversion of distances and paces (program/endurance.py, FRIEND_MEDIAN_VO2MAX)"),
        Param("vo2max_old_male", FRIEND_MEDIAN_VO2MAX["male"][1], "mL/kg/min", "kaminsky2015", (18.0, 30.0), "B", note="men aged 70-79, FRIEND 50th percentile"),
        Param("vo2max_young_female", FRIEND_MEDIAN_VO2MAX["female"][0], "mL/kg/min", "kaminsky2015", (30.0, 45.0), "B", note="women aged 20-29, FRIEND 50th percentile"),
        Param("vo2max_old_female", FRIEND_MEDIAN_VO2MAX["female"][1], "mL/kg/min", "kaminsky2015", (13.0, 24.0), "B", note="women aged 70-79, FRIEND 50th percentile"),
        Param("vo2max_age_young", FRIEND_AGES[0], "yr", "kaminsky2015", (20.0, 30.0), "D", note="mid-point of the 20-29 y group; geometric interpolation between the groups, held constant outside"),
        Param("vo2max_age_old", FRIEND_AGES[1], "yr", "kaminsky2015", (70.0, 80.0), "D", note="mid-point of the 70-79 y group"),
        Param("vo2max_ref_fat_male", 0.22, "1", "assumption", (0.15, 0.3), "assumption",
              note="body-fat fraction of the registry's men, to which its per-kg VO2max refers: the subject's absolute VO2max is the "
                   "per-kg median x fat-free mass / (1 - this), so that an obese subject is not given the VO2max of his body mass "
                   "(VO2max follows fat-free mass; the registry did not report body composition)"),
        Param("vo2max_ref_fat_female", 0.32, "1", "assumption", (0.25, 0.4), "assumption",
              note="as vo2max_ref_fat_male, for women"),
    )

    @staticmethod
    def rhs(sex_male, age, body_mass0, height, skeletal_muscle_mass, k_liver, k_brain, k_heart_kidneys, liver_ref_male,
            liver_ref_female, brain_ref_male, brain_ref_female, heart_kidneys_ref_male, heart_kidneys_ref_female, ffm_ref_male,
            ffm_ref_female, adipose_lipid_fraction, bf_bmi, bf_age, bf_male, bf_intercept, bf_spread, vo2max_young_male,
            vo2max_old_male, vo2max_young_female, vo2max_old_female, vo2max_age_young, vo2max_age_old, vo2max_ref_fat_male,
            vo2max_ref_fat_female):
        m = sex_male
        h_m = height * 0.01
        bmi = body_mass0 / (h_m * h_m)
        bf = (bf_bmi * bmi + bf_age * age - bf_male * m - bf_intercept) * bf_spread
        if bf < 5.0:
            bf = 5.0
        if bf > 60.0:
            bf = 60.0
        fat0 = body_mass0 * bf * 0.01
        size = (body_mass0 - fat0) / (m * ffm_ref_male + (1.0 - m) * ffm_ref_female)
        liver = (m * liver_ref_male + (1.0 - m) * liver_ref_female) * size
        brain = m * brain_ref_male + (1.0 - m) * brain_ref_female
        hk = (m * heart_kidneys_ref_male + (1.0 - m) * heart_kidneys_ref_female) * size
        adipose0 = fat0 / adipose_lipid_fraction
        residual0 = body_mass0 - skeletal_muscle_mass - adipose0 - liver - brain - hk
        if residual0 < 0.0:
            residual0 = 0.0
        # VO2max: FRIEND median per kg at this age (geometric between the age groups), applied to the fat-free mass
        x = (age - vo2max_age_young) / (vo2max_age_old - vo2max_age_young)
        if x < 0.0:
            x = 0.0
        if x > 1.0:
            x = 1.0
        young = m * vo2max_young_male + (1.0 - m) * vo2max_young_female
        old = m * vo2max_old_male + (1.0 - m) * vo2max_old_female
        per_kg = young * math.exp(x * math.log(old / young))
        ref_fat = m * vo2max_ref_fat_male + (1.0 - m) * vo2max_ref_fat_female
        vo2max = per_kg * (body_mass0 - fat0) / (1.0 - ref_fat) / 1000.0
        return fat0, adipose0, k_liver * liver + k_brain * brain + k_heart_kidneys * hk, residual0, vo2max


class ExerciseSegment(SignalModule):
    name = "exercise_segment"
    organ = "whole_body"
    description = ("What kind of work a program segment is, for its energy cost: the fraction of VO2max of an endurance "
                   "bout, and whether a resistance set is being performed.")
    inputs = (
        Input("modality", "1"),
        Input("vo2_fraction", "1"),
    )
    outputs = (
        Var("endurance_vo2_fraction", "1", "fraction of VO2max during an endurance bout (0 otherwise)", observable=False),
        Var("resistance_set", "1", "1 while a resistance set is performed, else 0", observable=False),
    )
    params = ()

    @staticmethod
    def compute(modality, vo2_fraction):
        mod = np.asarray(modality)
        end = mod == 2
        return {"endurance_vo2_fraction": np.where(end, np.asarray(vo2_fraction, dtype=float), 0.0),
                "resistance_set": np.where(mod == 1, 1.0, 0.0)}


class ExerciseExpenditure(Module):
    name = "exercise_expenditure"
    organ = "whole_body"
    description = ("Net energy cost of the training (resistance sets per kg of working muscle, endurance bouts from their "
                   "oxygen uptake) and the partial compensation of intake that follows it.")
    states = (
        State("exercise_expenditure_avg", "kcal/d", 0.0, "exercise energy expenditure (sessions and EPOC) averaged over "
              "about the last week (drives the compensation of intake)", decay="k_compensation", memory=True, scale=100.0, observable=False),
    )
    inputs = (
        Input("active_mass", "kg", ("muscle",), reduce="sum"),
        Input("resistance_set", "1"),
        Input("endurance_vo2_fraction", "1"),
        Input("vo2max_abs", "L/min"),
        Input("body_mass0", "kg"),
        Input("epoc_rate", "kcal/h"),
    )
    outputs = (
        Var("training_expenditure", "kcal/d", "net energy cost of the training itself while it is performed (rate)", observable=False),
        Var("intake_compensation", "kcal/d", "extra energy intake (and lower non-exercise expenditure) that compensates the "
            "exercise expenditure", observable=False),
    )
    params = (
        Param("set_cost", 150.0, "kcal/(kg*h)", "ainsworth2011, assumption", (50.0, 400.0), "D",
              note="net energy cost of resistance training per kg of activation-weighted working muscle while a set is performed, "
                   "including the recovery between sets attributed to the set (the fast EPOC after the session is separate); "
                   "chosen so that a typical 60-min session of 15-20 sets costs about 150-300 kcal net, as 3.5-6 METs for a "
                   "75-kg adult (compendium: resistance training 3.5 METs moderate, 6 METs vigorous; ainsworth2011); a "
                   "judgement.  Endurance work is costed from its oxygen uptake instead (o2_energy)"),
        Param("o2_energy", 5.0, "kcal/L", "acsm2018", (4.7, 5.1), "B",
              note="energy per litre of oxygen consumed, about 5 kcal/L (the ACSM metabolic calculations: kcal = VO2 (L/min) x "
                   "5 x min; about 4.7 on fat, 5.05 on carbohydrate); endurance cost = (fraction of VO2max x VO2max - resting "
                   "VO2) x 5 kcal/L, so a 45-min ride at 75 % of a 3 L/min VO2max costs about 450 kcal net"),
        Param("resting_vo2", 3.5, "mL/kg/min", "acsm2018", (2.5, 4.0), "B",
              note="resting oxygen uptake, 1 MET (ACSM); subtracted from the bout's VO2 so that the cost is net of rest, which "
                   "the resting metabolic rate already counts"),
        Param("energy_compensation", 0.5, "1", "emechanic2021dlw, flack2018, riou2015", (0.18, 0.84), "B",
              note="share of exercise energy expenditure compensated by a higher intake or a lower non-exercise expenditure (the "
                   "model adds it to intake; for the energy balance the two are the same): the sources disagree, so the range "
                   "spans them.  24 weeks of supervised aerobic exercise at 20 kcal/kg/week gave half the expected weight loss "
                   "(emechanic2021dlw: -2.1 kg); 12 weeks at 1500 and 3000 kcal/week compensated 62.9 % and 33.6 % "
                   "(flack2018, about 950-1000 kcal/week in both); the mean over 61 interventions was 18 % +/- 93 %, lower "
                   "in short and about 84 % in 80-week studies (riou2015).  0.5: the middle of the two controlled trials.  "
                   "Applied to the session cost and the EPOC together: the trials measured compensation as exercise cost "
                   "minus the change of energy stores, which also paid for any post-exercise excess"),
        Param("k_compensation", 1.0 / (7.0 * 24.0), "1/h", "assumption", (1.0 / (28.0 * 24.0), 1.0 / 24.0), "assumption",
              note="rate at which the compensation follows the exercise expenditure (time constant 1 week): intake does not "
                   "follow a single session on the same day but the weeks' training (assumption)"),
    )

    @staticmethod
    def rhs(exercise_expenditure_avg, active_mass, resistance_set, endurance_vo2_fraction, vo2max_abs,
            body_mass0, epoc_rate, set_cost, o2_energy, resting_vo2, energy_compensation, k_compensation):
        net_vo2 = endurance_vo2_fraction * vo2max_abs - resting_vo2 * body_mass0 / 1000.0
        if net_vo2 < 0.0:
            net_vo2 = 0.0
        training = set_cost * active_mass * resistance_set * 24.0 + net_vo2 * o2_energy * 60.0 * 24.0
        compensation = energy_compensation * exercise_expenditure_avg
        # the compensation answers the whole extra expenditure of exercise, the session and the excess after it: the
        # measured share is (exercise cost - change of the energy stores) / exercise cost, and the stores also pay the EPOC
        d_avg = k_compensation * (training + 24.0 * epoc_rate - exercise_expenditure_avg)
        return d_avg, training, compensation


class EnergyBalance(Module):
    name = "energy_balance"
    organ = "whole_body"
    description = ("Resting metabolic rate from tissue masses (Elia/Wang), daily energy expenditure, and fat and lean mass from "
                   "the energy balance (Hall 2011; Forbes partition of deficits not caused by exercise, lean tissue spared "
                   "in exercise deficits).")
    states = (
        State("energy_store_change", "kcal", 0.0, "change of the body's energy stores since the start", nonnegative=False,
              memory=True, scale=5000.0, observable=False),
        State("exercise_energy_deficit", "kcal", 0.0, "energy deficit caused by exercise (session cost and EPOC net of the "
              "compensation), accumulated with a slow leak: sets the partition of the energy store", decay="k_deficit_memory",
              memory=True, scale=5000.0, observable=False),
        State("diet_energy_deficit", "kcal", 0.0, "energy deficit caused by a lower intake, accumulated with the same leak",
              decay="k_deficit_memory", memory=True, scale=5000.0, observable=False),
    )
    inputs = (
        Input("age_now", "yr"),
        Input("body_mass0", "kg"),
        Input("skeletal_muscle_mass", "kg"),
        Input("skeletal_muscle_mass_current", "kg"),
        Input("muscle_mass_untrained", "kg", ("muscle",), reduce="sum"),
        Input("epoc_rate", "kcal/h"),
        Input("time_running", "1"),
        Input("fat_mass0", "kg"),
        Input("adipose_mass0", "kg"),
        Input("organ_rmr", "kcal/d"),
        Input("residual_mass0", "kg"),
        Input("training_expenditure", "kcal/d"),
        Input("intake_compensation", "kcal/d"),
    )
    outputs = (
        Var("rmr", "kcal/d", "resting metabolic rate as measured: tissue cost + residual post-exercise elevation"),
        Var("rmr_tissue", "kcal/d", "resting metabolic rate from organ and tissue masses (Elia/Wang)"),
        Var("tee", "kcal/d", "total energy expenditure rate (rmr + food thermogenesis + activity + training)"),
        Var("energy_intake", "kcal/d", "energy intake (habitual, weight-stable, plus the set change and the compensation of exercise)"),
        Var("fat_mass", "kg", "body fat mass"),
        Var("lean_mass", "kg", "fat-free (lean) mass"),
        Var("body_mass", "kg", "body mass"),
        Var("body_fat_percent", "%", "body fat as a percentage of body mass"),
    )
    params = K_PARAMS + (
        Param("pal", 1.6, "1", "fao2004energy", (1.4, 2.0), "B", "lognormal", 0.08,
              note="physical activity level (TEE / RMR) of a sedentary to lightly active adult: 1.40-1.69 (FAO/WHO/UNU 2004); CV assumed"),
        Param("tef_fraction", 0.1, "1", "westerterp2004, hall2011", (0.05, 0.15), "B",
              note="thermic effect of food: about 10 % of energy intake (westerterp2004; 0.1 in hall2011's model)"),
        Param("rho_fat", 9440.0, "kcal/kg", "hall2011, hall2007", (9000.0, 9600.0), "B",
              note="energy density of body fat change, 39.5 MJ/kg (Hall's model)"),
        Param("rho_lean", 1816.0, "kcal/kg", "hall2011, hall2007", (1000.0, 2000.0), "B",
              note="energy density of lean tissue change, 7.6 MJ/kg (Hall's model); also used for the energy stored in new muscle"),
        Param("forbes_c", 10.4, "kg", "hall2007, forbes1987", (8.0, 13.0), "B",
              note="Forbes's constant: dFFM/dFM = 10.4 kg / FM (Forbes 1987, revisited by hall2007); applied to the part of an "
                   "energy deficit that exercise does not cause (see exercise_lean_sparing)"),
        Param("exercise_lean_sparing", 1.0, "1", "weiss2017", (0.5, 1.0), "B",
              note="share of Forbes's lean-tissue loss that does not occur when the deficit is caused by exercise: at the same "
                   "~7 % weight loss, 20 % caloric restriction lowered whole-body lean mass by ~2 % while endurance exercise "
                   "(7.4 h/week, 17 weeks) lowered it not at all (1.0), and half restriction + half exercise by ~1 % (not "
                   "significant), so the range down to 0.5 (weiss2017)"),
        Param("k_deficit_memory", 1.0 / 8766.0, "1/h", "hall2011, assumption", (1.0 / 26298.0, 1.0 / 2190.0), "assumption",
              note="leak of the accumulated exercise and diet deficits that set the partition of the energy store (time "
                   "constant 1 year, the half-time of body-composition changes in Hall's model); only their ratio is used"),
        Param("energy_intake_change", 0.0, "kcal/d", "assumption", (-2000.0, 2000.0), "assumption",
              note="change of daily intake from t = 0 (a scenario input, e.g. -500 for caloric restriction); 0 = weight-stable habitual intake"),
    )
    routes = (
        Route("whole_body", "endocrine", "skeletal muscle and fat mass -> resting energy expenditure", "wang2010smr", True),
    )

    @staticmethod
    def rhs(energy_store_change, exercise_energy_deficit, diet_energy_deficit, age_now, body_mass0, skeletal_muscle_mass,
            skeletal_muscle_mass_current, muscle_mass_untrained, epoc_rate, time_running, fat_mass0, adipose_mass0, organ_rmr,
            residual_mass0, training_expenditure, intake_compensation, k_muscle, k_adipose, k_residual, older_factor, older_age,
            pal, tef_fraction, rho_fat, rho_lean, forbes_c, exercise_lean_sparing, k_deficit_memory, energy_intake_change):
        kf = older_factor if age_now > older_age else 1.0
        # --- partition: training-induced muscle stores energy; the rest is split between fat and lean tissue.  Forbes's lean
        # share applies to the deficit that exercise does not cause; an exercise deficit spares lean tissue.  The exercise
        # share is the cumulative exercise deficit over it plus the cumulative deficit of a lower intake.
        gain = skeletal_muscle_mass_current - muscle_mass_untrained        # training-induced muscle (0 without training)
        cpart = forbes_c * rho_lean / rho_fat
        p = cpart / (cpart + fat_mass0)
        x_ex = max(exercise_energy_deficit, 0.0)
        x_diet = max(diet_energy_deficit, 0.0)
        w_ex = 1.0
        if x_ex + x_diet > 1e-9:
            w_ex = x_ex / (x_ex + x_diet)
        p = p * (1.0 - exercise_lean_sparing * w_ex)
        e_net = energy_store_change - rho_lean * gain
        d_fat = (1.0 - p) * e_net / rho_fat
        d_lean = p * e_net / rho_lean
        fat = fat_mass0 + d_fat
        if fat < 0.5:
            fat = 0.5
        rmr_ref = kf * (k_muscle * muscle_mass_untrained + k_adipose * adipose_mass0 + organ_rmr + k_residual * residual_mass0)
        # written as deviations from the untrained reference so that without training the balance is exactly 0
        d_rmr = kf * (k_muscle * gain + k_adipose * (fat - fat_mass0) * (adipose_mass0 / fat_mass0) + k_residual * d_lean)
        rmr_t = rmr_ref + d_rmr
        rmr = rmr_t + 24.0 * epoc_rate
        # --- intake: habitual weight-stable (expenditure without training at the current age) + the set change + the
        # compensation of the recent exercise expenditure
        tee_ref = pal * rmr_ref
        d_intake = energy_intake_change * time_running + intake_compensation
        intake = tee_ref + d_intake
        mass_ref = body_mass0 + (muscle_mass_untrained - skeletal_muscle_mass)     # body mass without training (ageing only)
        d_mass = d_fat + d_lean + gain
        activity_ref = tee_ref - rmr_ref - tef_fraction * tee_ref                  # habitual activity, scales with body mass
        d_activity = activity_ref * d_mass / mass_ref
        imbalance = d_intake * (1.0 - tef_fraction) - d_rmr - 24.0 * epoc_rate - d_activity - training_expenditure
        tee = intake - imbalance
        d_e = imbalance / 24.0
        ex_def = training_expenditure + 24.0 * epoc_rate - intake_compensation * (1.0 - tef_fraction)
        if ex_def < 0.0:
            ex_def = 0.0
        diet_def = -energy_intake_change * time_running * (1.0 - tef_fraction)
        if diet_def < 0.0:
            diet_def = 0.0
        d_xe = ex_def / 24.0 - k_deficit_memory * exercise_energy_deficit
        d_xd = diet_def / 24.0 - k_deficit_memory * diet_energy_deficit
        lean = (body_mass0 - fat_mass0) + d_lean + (skeletal_muscle_mass_current - skeletal_muscle_mass)
        return (d_e, d_xe, d_xd, rmr, rmr_t, tee, intake, fat, lean, fat + lean, 100.0 * fat / (fat + lean))


def rmr_breakdown(sex_male: float = 1.0, body_mass: float = 75.4, height: float = 175.4, age: float = 30.0):
    """Per-tissue resting metabolic rate of a subject at baseline: list of (tissue, mass kg, K kcal/kg/d, kcal/d, source)."""
    P = {p.name: p.value for p in EnergyBalance.params + BodyCompositionBaseline.params}
    from myokinetics.modules.body.anthropometry import Anthropometry
    A = {p.name: p.value for p in Anthropometry.params}
    m = sex_male
    smm = body_mass * (m * A["smm_fraction_male"] + (1 - m) * A["smm_fraction_female"])
    bmi = body_mass / (height * 0.01) ** 2
    bf = min(max(P["bf_bmi"] * bmi + P["bf_age"] * age - P["bf_male"] * m - P["bf_intercept"], 5.0), 60.0)
    fat = body_mass * bf / 100.0
    size = (body_mass - fat) / (m * P["ffm_ref_male"] + (1 - m) * P["ffm_ref_female"])
    liver = (m * P["liver_ref_male"] + (1 - m) * P["liver_ref_female"]) * size
    brain = m * P["brain_ref_male"] + (1 - m) * P["brain_ref_female"]
    hk = (m * P["heart_kidneys_ref_male"] + (1 - m) * P["heart_kidneys_ref_female"]) * size
    adipose = fat / P["adipose_lipid_fraction"]
    residual = max(body_mass - smm - adipose - liver - brain - hk, 0.0)
    kf = P["older_factor"] if age > P["older_age"] else 1.0
    rows = [("skeletal muscle", smm, P["k_muscle"], "janssen2000 (mass); wang2010smr, elia1992 (K)"),
            ("adipose tissue", adipose, P["k_adipose"], "deurenberg1991 (fat); wang2010smr, elia1992 (K)"),
            ("liver", liver, P["k_liver"], "icrp2002 (mass, scaled by FFM); wang2010smr, elia1992 (K)"),
            ("brain", brain, P["k_brain"], "icrp2002 (mass); wang2010smr, elia1992 (K)"),
            ("heart and kidneys", hk, P["k_heart_kidneys"], "icrp2002 (mass, scaled by FFM); wang2010smr, elia1992 (K)"),
            ("residual (skin, bone, gut, ...)", residual, P["k_residual"], "body mass minus the above; wang2010smr, elia1992 (K)")]
    return [(t, mass, k * kf, mass * k * kf, src) for t, mass, k, src in rows]


def explain_rmr(sex_male: float = 1.0, body_mass: float = 75.4, height: float = 175.4, age: float = 30.0) -> str:
    rows = rmr_breakdown(sex_male, body_mass, height, age)
    total = sum(r[3] for r in rows)
    P = {p.name: p.value for p in EnergyBalance.params}
    kf = P["older_factor"] if age > P["older_age"] else 1.0
    sex = "man" if sex_male else "woman"
    lines = [f"rmr: resting metabolic rate, sum of organ and tissue masses x specific metabolic rates (Elia 1992; Wang et al. 2010)",
             f"Default subject: {sex}, {body_mass:.1f} kg, {height:.1f} cm, {age:.0f} y (derived masses; see modules/body/energy.py)",
             "",
             f"  {'tissue':32s} {'mass kg':>8s} {'kcal/kg/d':>10s} {'kcal/d':>8s} {'share':>6s}  source"]
    for t, mass, k, kcal, src in rows:
        lines.append(f"  {t:32s} {mass:8.2f} {k:10.1f} {kcal:8.0f} {100 * kcal / total:5.1f}%  {src}")
    lines.append(f"  {'total':32s} {sum(r[1] for r in rows):8.2f} {'':10s} {total:8.0f} 100.0%")
    lines += ["",
              f"1 kg of added skeletal muscle adds {P['k_muscle'] * kf:.1f} kcal/day to the resting metabolic rate "
              f"(1.5 kg, the mean gain of a training study, C16: about {1.5 * P['k_muscle'] * kf:.0f} kcal/day).",
              "The popular claim that 1 kg of muscle burns 50-100 kcal per day is REFUTED: the validated specific rate of skeletal",
              "muscle is about 13 kcal/kg/day (12.6 above age 50; Wang et al. 2010, C62-C64).",
              "Trials report larger RMR rises after training (+96 kcal/d, C60; +73 kcal/d, C61; Contradiction 1): in the model the",
              "extra is the residual post-exercise elevation (epoc_rate), present when RMR is measured within 24-72 h of a session."]
    return "\n".join(lines)
