"""Growth hormone (GH): a transient rise with metabolic stress, cleared in minutes.

What the evidence says.  Plasma GH rises many-fold during and just after a
hypertrophy-type session (A72: 0.16 -> 6.3 ug/L after 3 sets of 10RM of
several exercises with short rests, mcCall1999).  The rise depends on the
metabolic demand of the session, not on the load: the 10RM / 1-min-rest
protocol gives more GH than the 5RM / 3-min-rest protocol (A76, kraemer1991;
kraemer1990), 60 s rests give 64% more than 120 s (A75, rahimi2010), and 4
sets give more than 2 with no further gain at 6 (A74, smilios2003).  GH rises
with exercise only above the lactate threshold (felsing1992).

Model.  Blood lactate alone cannot carry the rest-interval effect: it barely
differs between 30, 60 and 120 s rests (lopes2018), yet GH does (A75).  We
therefore drive pituitary secretion by a fast "metabolite load" of the
working muscles (``gh_stimulus``): the lactate appearance rate of all
muscles (``lactate_release``, i.e. glycolytic flux x mass), cleared with a
half-life of about 2 min, the time scale of intramuscular metabolite recovery
between sets.  With short rests it carries over from set to set and builds
up; with long rests it recovers.  Secretion is a saturating (Hill) function
of that load (saturation gives "4 sets > 2 sets, 6 sets about 4 sets"),
relaxes towards it with a lag of minutes, and GH is cleared with the
endogenous half-life of about 23 min (holl1993).

Role.  The acute, exercise-induced GH (and testosterone) rise does not drive
muscle hypertrophy: it did not enhance myofibrillar protein synthesis or
anabolic signalling (west2009) and was not associated with gains in mass or
strength over 12 weeks (west2012; morton2016; schoenfeld2013 review).  GH is
therefore an observable here and drives no muscle adaptation; its routes are
declared with ``modelled=False``.

Scope.  No circadian or sleep-related GH pulses (the state stays at the
subject's baseline without training); no sex difference in the exercise
response (women's resting GH is higher and pulsatile; not modelled).
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State


class GrowthHormone(Module):
    name = "growth_hormone"
    organ = "pituitary"
    description = "Plasma growth hormone: secretion driven by the fast metabolite load of working muscle (saturating), cleared with t1/2 ~23 min."
    states = (
        State("gh_stimulus", "mmol/L", 0.0, "fast metabolite load of working muscle (lactate appearance, recovering in minutes)",
              decay="k_stimulus", observable=False, scale=1.0),
        State("gh_secretion", "ug/L/h", 0.0, "exercise-induced GH secretion rate (per litre of distribution volume)",
              decay="k_secretion", observable=False, scale=20.0),
        State("gh", "ug/L", "baseline", "plasma growth hormone", decay="k_clear", scale=1.0),
    )
    inputs = (Input("lactate_release", "mmol/L/h", ("muscle",), reduce="sum"),)
    params = (
        Param("baseline", 0.25, "ug/L", "mccall1999", (0.05, 2.0), "C", "lognormal", 0.8,
              note="resting (between-pulse) GH in young men: 0.16 +/- 0.42 and 0.33 ug/L before sessions 10 and 20 (A72); the wide CV reflects pulsatility and assay spread"),
        Param("k_clear", 1.81, "1/h", "holl1993", (1.3, 3.0), "B",
              note="clearance of endogenous GH: t1/2 23 +/- 1.1 min in the morning, 26 min in the evening (holl1993, deconvolution in 10 young men); ln2 / (23 min) = 1.81/h"),
        Param("k_secretion", 6.0, "1/h", "assumption", (2.0, 20.0), "assumption",
              note="lag of pituitary GH release behind the metabolic-stress signal (t1/2 about 7 min); the GH peak is at or a few minutes after the end of a session (A72 mid- vs post-session values, kraemer1990)"),
        Param("k_stimulus", 20.0, "1/h", "rahimi2010, assumption", (5.0, 60.0), "D",
              note="recovery of the muscle metabolite load, t1/2 about 2 min; chosen (by hand) so that 60 s rests give clearly more GH than 120 s rests (A75: +64%) although blood lactate barely differs (lopes2018)", fitted_to=("a72-gh-hypertrophy-session", "a74-gh-4-vs-2-sets", "a74-gh-6-vs-4-sets", "a75-gh-rest-interval")),
        Param("max_secretion", 150.0, "ug/L/h", "mccall1999, smilios2003, assumption", (5.0, 500.0), "D", "lognormal", 0.6,
              note="maximal exercise-induced GH secretion per litre; fitted by hand to the GH rise after a 10RM hypertrophy session (A72: +6 to +8 ug/L, SD about equal to the mean, hence the wide CV)", fitted_to=("a72-gh-hypertrophy-session", "a74-gh-4-vs-2-sets", "a74-gh-6-vs-4-sets", "a75-gh-rest-interval")),
        Param("half_saturation", 3.0, "mmol/L", "smilios2003, kraemer1991, assumption", (0.5, 10.0), "D",
              note="metabolite load at half-maximal GH secretion; chosen (by hand) so that GH rises from 2 to 4 sets and little from 4 to 6 sets of a 10-rep protocol (A74) and a heavy 5RM, 3-min-rest session gives far less than a 10RM, 1-min-rest one (A76); GH rises only with exercise above the lactate threshold (felsing1992), hence a steep response", fitted_to=("a72-gh-hypertrophy-session", "a74-gh-4-vs-2-sets", "a74-gh-6-vs-4-sets", "a75-gh-rest-interval")),
        Param("hill", 3.0, "1", "felsing1992, assumption", (1.0, 4.0), "assumption",
              note="steepness of the GH response to the metabolite load: threshold-like (felsing1992)"),
    )
    routes = ()

    @staticmethod
    def rhs(gh_stimulus, gh_secretion, gh, lactate_release, baseline, k_clear, k_secretion, k_stimulus, max_secretion,
            half_saturation, hill):
        drive = 0.0
        if gh_stimulus > 0.0:
            xn = gh_stimulus ** hill
            drive = max_secretion * xn / (half_saturation ** hill + xn)
        return (lactate_release - k_stimulus * gh_stimulus, k_secretion * (drive - gh_secretion),
                gh_secretion + k_clear * (baseline - gh))
