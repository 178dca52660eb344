"""Body size: whole-body skeletal muscle mass and its division into muscle groups."""
from __future__ import annotations

from myokinetics.model.module import Module
from myokinetics.model.param import Input, Param, Var


class Anthropometry(Module):
    name = "anthropometry"
    organ = "whole_body"
    description = "Skeletal muscle mass from body mass and sex (Janssen et al. 2000)."
    states = ()
    inputs = (
        Input("sex_male", "1"),
        Input("body_mass0", "kg"),
    )
    outputs = (Var("skeletal_muscle_mass", "kg", "total skeletal muscle mass"),)
    params = (
        Param("smm_fraction_male", 0.384, "1", "janssen2000", (0.30, 0.48), "B", note="MRI skeletal muscle mass 38.4% of body mass in men (C65)"),
        Param("smm_fraction_female", 0.306, "1", "janssen2000", (0.24, 0.40), "B", note="30.6% of body mass in women (C65)"),
    )

    @staticmethod
    def rhs(sex_male, body_mass0, smm_fraction_male, smm_fraction_female):
        return (body_mass0 * (sex_male * smm_fraction_male + (1.0 - sex_male) * smm_fraction_female),)


class MuscleGroupMass(Module):
    name = "muscle_group_mass"
    organ = "muscle"
    per_muscle = True
    description = "Mass of each muscle group: skeletal muscle mass times the library's sex-specific mass fraction."
    states = ()
    inputs = (
        Input("sex_male", "1"),
        Input("skeletal_muscle_mass", "kg"),
        Input("mass_fraction_male", "1", ("muscle",)),
        Input("mass_fraction_female", "1", ("muscle",)),
    )
    outputs = (Var("muscle_mass", "kg", "mass of the muscle group", ("muscle",)),)
    params = ()

    @staticmethod
    def rhs(sex_male, skeletal_muscle_mass, mass_fraction_male, mass_fraction_female):
        return (skeletal_muscle_mass * (sex_male * mass_fraction_male + (1.0 - sex_male) * mass_fraction_female),)
