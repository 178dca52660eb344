"""The default model: the list of modules that make up myokinetics, and how to assemble it.

Adding a module (a myokine, an organ) means adding its file and one line here.
"""
from __future__ import annotations

import functools
from typing import Mapping

import numpy as np

from myokinetics.model.assemble import Model, assemble
from myokinetics.model.param import Var
from myokinetics.modules.body.anthropometry import Anthropometry, MuscleGroupMass
from myokinetics.modules.immune.muscle_inflammation import MuscleInflammation
from myokinetics.modules.metabolism.lactate import BloodLactate, MuscleLactate
from myokinetics.modules.myokines.il10 import IL10
from myokinetics.modules.myokines.il1ra import IL1ra
from myokinetics.modules.myokines.il6 import IL6, IL6Muscle
from myokinetics.modules.myokines.tnfa import TNFa
from myokinetics.modules.neural.motor_units import MotorUnitPool
from myokinetics.modules.stimulus.mechanical import Stimulus
from myokinetics.modules.brain.mood import StateAnxiety
from myokinetics.modules.endocrine.cortisol import Cortisol
from myokinetics.modules.endocrine.growth_hormone import GrowthHormone
from myokinetics.modules.endocrine.testosterone import Testosterone
from myokinetics.modules.metabolism.epoc import EPOC
from myokinetics.modules.metabolism.insulin_sensitivity import InsulinSensitivity, MuscleInsulinWindow
from myokinetics.modules.metabolism.workload import MuscleWorkload
from myokinetics.modules.muscle.damage import CreatineKinase, MuscleDamage
from myokinetics.modules.muscle.fatigue import MuscleFatigue, Readiness
from myokinetics.modules.muscle.protein_turnover import MuscleProtein
from myokinetics.modules.muscle.hypertrophy import MuscleSize, WholeBodyMuscle
from myokinetics.modules.muscle.training_history import TrainingHistory, WholeBodyTrainingHistory
from myokinetics.modules.neural.strength import NeuralAdaptation
from myokinetics.modules.neural.one_rm import OneRM
from myokinetics.modules.body.age import Age, SimulationClock
from myokinetics.modules.body.adipose import AdiposeTissue
from myokinetics.modules.metabolism.liver import Liver
from myokinetics.modules.body.energy import BodyCompositionBaseline, EnergyBalance, ExerciseExpenditure, ExerciseSegment, MuscleMassAgeingOnly
from myokinetics.modules.immune.chronic_inflammation import ChronicInflammation
from myokinetics.modules.brain.chronic import ChronicBrain
from myokinetics.modules.brain.plasticity import BrainBDNF, Neuroplasticity
from myokinetics.modules.skeleton.loading import SkeletalLoading
from myokinetics.modules.skeleton.bone import (BMDFemoralNeck, BMDLumbarSpine, BMDTotalHip, BoneCellsHip, BoneCellsSpine,
                                               BoneStimulus)
from myokinetics.modules.skeleton.tendon import TendonAdaptation
from myokinetics.modules.metabolism.glucose import GlucoseInsulin
from myokinetics.modules.metabolism.lipids import Lipids
from myokinetics.modules.cardio.blood_pressure import BloodPressure
from myokinetics.modules.muscle.satellite_cells import SatelliteCells
from myokinetics.modules.myokines.bdnf import BDNF, MuscleBDNF
from myokinetics.modules.myokines.decorin import Decorin
from myokinetics.modules.myokines.fgf21 import FGF21
from myokinetics.modules.myokines.igf1 import IGF1, MGF
from myokinetics.modules.myokines.il15 import IL15
from myokinetics.modules.myokines.irisin import Irisin
from myokinetics.modules.myokines.lif import LIF
from myokinetics.modules.myokines.myostatin import Follistatin, Myostatin
from myokinetics.modules.myokines.sparc import SPARC
from myokinetics.program.compile import FORCING_FIELDS
from myokinetics.program.library import get_library

DEFAULT_MODULES = (
    MotorUnitPool,
    Stimulus,
    SimulationClock,
    Age,
    Anthropometry,
    MuscleGroupMass,
    MuscleWorkload,
    MuscleLactate,
    BloodLactate,
    MuscleInflammation,
    IL6Muscle,
    IL6,
    IL1ra,
    IL10,
    TNFa,
    # muscle: damage, fatigue, protein turnover, satellite cells
    MuscleDamage,
    CreatineKinase,
    MuscleFatigue,
    Readiness,
    MuscleProtein,
    SatelliteCells,
    TrainingHistory,
    WholeBodyTrainingHistory,
    # systemic short-term responses
    GrowthHormone,
    Cortisol,
    Testosterone,
    EPOC,
    MuscleInsulinWindow,
    InsulinSensitivity,
    StateAnxiety,
    # myokines beyond the IL-6 cascade
    IL15,
    MuscleBDNF,
    BDNF,
    Irisin,
    Myostatin,
    Follistatin,
    FGF21,
    IGF1,
    MGF,
    SPARC,
    Decorin,
    LIF,
    # chronic adaptation: size, neural adaptation and strength
    MuscleSize,
    WholeBodyMuscle,
    NeuralAdaptation,
    OneRM,
    # bone (Pivonka 2008 / Scheiner 2013 cell model with mechanical feedback) and tendon
    SkeletalLoading,
    BoneStimulus,
    BoneCellsSpine,
    BoneCellsHip,
    BMDLumbarSpine,
    BMDFemoralNeck,
    BMDTotalHip,
    TendonAdaptation,
    # glucose and insulin (Topp 2000 / Bergman minimal model with exercise), lipids, blood pressure
    GlucoseInsulin,
    Lipids,
    BloodPressure,
    # whole-body effects: body composition and energy, chronic inflammation, brain
    MuscleMassAgeingOnly,
    BodyCompositionBaseline,
    ExerciseSegment,
    ExerciseExpenditure,
    EnergyBalance,
    AdiposeTissue,
    Liver,
    ChronicInflammation,
    BrainBDNF,
    Neuroplasticity,
    ChronicBrain,
)


def library_constants() -> dict[str, tuple[Var, np.ndarray]]:
    lib = get_library()
    ids = lib.muscle_ids
    return {
        "mass_fraction_male": (Var("mass_fraction_male", "1", "fraction of skeletal muscle mass (men)", ("muscle",)),
                               np.array([lib.muscles[m].mass_fraction["male"] for m in ids])),
        "mass_fraction_female": (Var("mass_fraction_female", "1", "fraction of skeletal muscle mass (women)", ("muscle",)),
                                 np.array([lib.muscles[m].mass_fraction["female"] for m in ids])),
        "type2_fraction": (Var("type2_fraction", "1", "type II fibre proportion", ("muscle",)),
                           np.array([lib.muscles[m].type2_fraction for m in ids])),
        "upper_limb": (Var("upper_limb", "1", "1 for muscle groups of the upper limb, else 0 (muscles.yaml region)", ("muscle",)),
                       np.array([1.0 if lib.muscles[m].region == "upper_limb" else 0.0 for m in ids])),
    }


def build_model(overrides: Mapping[str, float] | None = None, modules=DEFAULT_MODULES) -> Model:
    """Assemble the default model (optionally with parameter overrides 'module.param': value)."""
    key = tuple(sorted((overrides or {}).items()))
    return _build(key, tuple(modules))


@functools.lru_cache(maxsize=32)
def _build(key, modules) -> Model:
    lib = get_library()
    consts = library_constants()
    used = {i.name for m in modules for i in m.inputs}
    consts = {k: v for k, v in consts.items() if k in used}
    return assemble(list(modules), muscles=lib.muscle_ids, forcing_fields=FORCING_FIELDS, constants=consts,
                    overrides=dict(key))
