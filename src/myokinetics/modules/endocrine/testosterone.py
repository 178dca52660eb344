"""Total testosterone: a small, inconsistent transient rise in men after resistance exercise.

What the evidence says.  Total testosterone rose by 21% after a short-rest,
whole-body hypertrophy session (A73: 7.32 -> 8.87 ng/mL, still 8.28 at 30 min;
villanueva2012) but did not change after any of nine protocols in another
study (A74, smilios2003); it was higher with 90-120 s than with 60 s rests
(A75, rahimi2010), and rose in men only (A76, kraemer1991).  Reviews relate
the response to the volume of work and the muscle mass involved
(kraemer2005).  We model the range honestly: the response is driven by the
active muscle mass during sets (volume and muscle mass, not metabolic
stress), its size is a between-subject log-normal gain with a wide spread
(CV 100%), and the median response to a typical whole-body session is about
+10%, half-way between the two studies; women respond by a fraction
``female_response`` (0 by default: no rise in women, kraemer1991).

The state is the fold of the subject's own baseline; the baseline depends on
sex (travison2017 for men; haring2012 for women), and ``testosterone``
(ng/mL) is the output fold x baseline.

Role.  The acute rise does not drive hypertrophy or strength gains (west2009;
west2012; morton2016; schoenfeld2013): no muscle module reads it, and its
route to muscle is declared ``modelled=False``.
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State, Var


class Testosterone(Module):
    name = "testosterone"
    organ = "gonads"
    description = "Total testosterone: a small transient rise in men with the active muscle mass of a session, wide between-subject spread."
    states = (
        State("testosterone_fold", "1", 1.0, "total testosterone relative to the subject's baseline", decay="k_return",
              observable=False),
    )
    inputs = (
        Input("active_mass", "kg", ("muscle",), reduce="sum"),
        Input("sex_male", "1"),
    )
    outputs = (Var("testosterone", "ng/mL", "total testosterone"),)
    params = (
        Param("baseline_male", 5.5, "ng/mL", "travison2017, villanueva2012", (2.64, 9.16), "B", "lognormal", 0.3,
              note="men: harmonised reference range 264-916 ng/dL (2.5th-97.5th percentile, non-obese men 19-39 y, travison2017); 7.32 +/- 1.85 ng/mL in the A73 sample"),
        Param("baseline_female", 0.3, "ng/mL", "haring2012", (0.08, 0.7), "C", "lognormal", 0.4,
              note="women: about one twentieth of men's values by LC-MS/MS (haring2012; exact percentiles not checked here)"),
        Param("k_return", 1.2, "1/h", "villanueva2012", (0.5, 3.0), "D",
              note="return to baseline after the session: +21% post, +17% at 15 min and +13% at 30 min (A73), t1/2 about 35 min"),
        Param("gain", 0.25, "1/h/kg", "villanueva2012, smilios2003", (0.0, 1.0), "D", "lognormal", 1.0,
              note="rise of the fold per hour per kg of active muscle; median set by hand so that a whole-body 3x10 @ 70% 1RM session with 60 s rests raises testosterone by about 10% (between +21%, A73, and no change, A74); the CV of 100% spans both studies", fitted_to=("a73-a74-testosterone-range",)),
        Param("female_response", 0.0, "1", "kraemer1991", (0.0, 0.5), "C",
              note="women's response relative to men's: testosterone rose in men only (A76, kraemer1991)"),
    )
    routes = ()

    @staticmethod
    def rhs(testosterone_fold, active_mass, sex_male, baseline_male, baseline_female, k_return, gain, female_response):
        response = sex_male + (1.0 - sex_male) * female_response
        base = sex_male * baseline_male + (1.0 - sex_male) * baseline_female
        return gain * response * active_mass + k_return * (1.0 - testosterone_fold), testosterone_fold * base
