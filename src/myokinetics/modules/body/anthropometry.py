"""Body size: whole-body skeletal muscle mass and its division into muscle groups."""
from __future__ import annotations

from myokinetics.model.module import Module
from myokinetics.model.param import Input, Param, Var


class Anthropometry(Module):
    name = "anthropometry"
    organ = "whole_body"
    description = "Skeletal muscle mass from body mass and sex (Janssen et al. 2000), split into muscle groups by the library's mass fractions."
    states = ()
    inputs = (
        Input("sex_male", "1"),
        Input("body_mass0", "kg"),
        Input("mass_fraction_male", "1", ("muscle",)),
        Input("mass_fraction_female", "1", ("muscle",)),
    )
    outputs = (
        Var("skeletal_muscle_mass", "kg", "total skeletal muscle mass"),
        Var("muscle_mass", "kg", "mass of the muscle group", ("muscle",)),
    )
    params = (
        Param("smm_fraction_male", 0.384, "1", "janssen2000", (0.30, 0.48), "B", note="MRI skeletal muscle mass 38.4% of body mass in men (C65)"),
        Param("smm_fraction_female", 0.306, "1", "janssen2000", (0.24, 0.40), "B", note="30.6% of body mass in women (C65)"),
    )

    @staticmethod
    def rhs(sex_male, body_mass0, mass_fraction_male, mass_fraction_female, smm_fraction_male, smm_fraction_female):
        smm = body_mass0 * (sex_male * smm_fraction_male + (1.0 - sex_male) * smm_fraction_female)
        frac = sex_male * mass_fraction_male + (1.0 - sex_male) * mass_fraction_female
        return smm, smm * frac
