"""Myofibrillar protein synthesis and breakdown after resistance exercise, and net protein balance.

Mechanical tension (effective high-tension repetitions) charges a per-muscle
anabolic signal (mTORC1/translational activity, 0..1) that saturates with the
number of effective repetitions and is forgotten over about a day; trained
muscle forgets it faster (tang2008, damas2015), by the muscle's simulated trained
state (``trained_state`` of training_history, built by its own training).  Synthesis (MyoPS) follows a
steep, saturating function of that signal with a lag of about an hour, so
that the rise is +100-235 % at 1-6 h (moore2009, mitchell2014) and more
volume prolongs rather than heightens it (burd2010: 1 set back to rest at
29 h, 3 sets still 2.3-fold).  Damaged muscle (the ``damage`` input, fraction
of force lost) adds repair synthesis that is matched by breakdown of damaged
protein: it raises MyoPS when damage is greatest (week 1 of a programme,
damas2016) without adding net protein.  Breakdown rises with synthesis but
less (phillips1997: FBR +31 % when FSR +112 %).

``fed`` is the nutritional condition of a study: 1 (default) the habitual
fed state, in which resting synthesis equals breakdown (so the day-averaged
net balance is zero at rest); 0 an overnight-fasted protocol without
feeding, in which resting breakdown exceeds synthesis and the exercise
response of synthesis is smaller, so the balance improves after exercise
but stays negative (phillips1997, biolo1995).  The transient response to a
meal alone (moore2009 fed-only leg, +163 % at 3 h) is not represented: meals
are not an input of the model, their effect is averaged into the baseline.

``net_protein`` integrates synthesis minus breakdown (% of the muscle's
myofibrillar protein); it is exactly 0 without training in the fed state.
The chronic hypertrophy module does not accrete this acute balance (acute
MPS over-predicts the volume contrast of chronic trials and does not predict
hypertrophy, mitchell2014): it follows the weekly mechanical dose with
diminishing returns and takes only a negative balance (fasted protocols)
from here.
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, State, Var


class MuscleProtein(Module):
    name = "muscle_protein"
    organ = "muscle"
    per_muscle = True
    description = ("Myofibrillar protein synthesis (anabolic signal from mechanical tension, damage repair), "
                   "breakdown and the accumulated net protein balance of each muscle group.")
    states = (
        State("anabolic_signal", "1", 0.0, "anabolic (translational) signal charged by effective repetitions, 0..1",
              decay="k_signal", dims=("muscle",), observable=False, scale=0.5),
        State("mps", "%/h", "mps_rest", "myofibrillar fractional synthetic rate", decay="k_mps", dims=("muscle",)),
        State("net_protein", "%", 0.0, "accumulated net myofibrillar protein balance (synthesis - breakdown), % of the muscle's protein",
              dims=("muscle",), nonnegative=False, scale=1.0, memory=True),
    )
    inputs = (
        Input("tension", "1/h", ("muscle",)),
        Input("damage", "1", ("muscle",)),
        Input("trained_state", "1", ("muscle",)),
    )
    outputs = (
        Var("mpb", "%/h", "myofibrillar fractional breakdown rate", ("muscle",)),
        Var("net_balance", "%/h", "net myofibrillar protein balance (mps - mpb)", ("muscle",)),
    )
    params = (
        Param("mps_rest", 0.045, "%/h", "chesley1992, mitchell2014, burd2010", (0.02, 0.10), "C", "lognormal", 0.25,
              note="resting (habitually fed, day-averaged) myofibrillar FSR; 0.045 +/- 0.013 %/h (mixed, control biceps, chesley1992 24 h group); "
                   "postabsorptive myofibrillar FSR in young men is about 0.03-0.05 %/h; CV from the control-arm SD"),
        Param("signal_gain", 0.13, "1", "burd2010, moore2009, chesley1992", (0.01, 1.0), "D",
              note="fraction of the remaining anabolic signal charged per effective repetition (saturating: 1 - exp(-gain x reps)); "
                   "fitted jointly with k_signal, half_signal, hill and max_rise (least squares on log-fold; hill capped at 4, trained_speedup fixed) to the calibration studies in validation/studies/protein_synthesis.yaml (burd2010 1 and 3 sets, moore2009 3 h, chesley1992 24 h), with the fasted and 1-6 h studies as weak terms", fitted_to=("chesley1992-mps-24h", "burd2010-1set-29h", "burd2010-3set-29h", "moore2009-fed-exercised-3h", "phillips1997-fasted-fsr-3h", "mitchell2014-myops-1-3h", "mitchell2014-myops-3-6h")),
        Param("k_signal", 0.022, "1/h", "burd2010, chesley1992, phillips1997", (0.01, 0.2), "D",
              note="forgetting rate of the anabolic signal in untrained muscle (t1/2 about 32 h): MyoPS still +109 % at 24 h (chesley1992), "
                   "+65 % at 24 h and +34 % at 48 h fasted (phillips1997, numbers unverified); fitted with signal_gain", fitted_to=("chesley1992-mps-24h", "burd2010-1set-29h", "burd2010-3set-29h", "moore2009-fed-exercised-3h", "phillips1997-fasted-fsr-3h", "mitchell2014-myops-1-3h", "mitchell2014-myops-3-6h")),
        Param("trained_speedup", 0.3, "1", "tang2008, kim2005, damas2015, assumption", (0.0, 2.0), "assumption",
              note="relative increase of the forgetting rate in trained muscle (trained_state = 1, training_history): training shortens the MPS response "
                   "(tang2008: raised at 28 h only before training; kim2005: after 8 wk the mixed response is lost while MyoPS still rises at 12 h). "
                   "Size not reported as a rate; a free fit to the studies drives it to 0 (burd2010's trained men are still 2.3-fold at 29 h after 3 sets), so 0.3 is a judgement between the sources"),
        Param("half_signal", 0.48, "1", "burd2010", (0.1, 0.9), "D",
              note="anabolic signal giving half the maximal MyoPS rise; with the Hill exponent it makes 1 set return to rest by 29 h while 3 sets stay 2.3-fold (burd2010)", fitted_to=("chesley1992-mps-24h", "burd2010-1set-29h", "burd2010-3set-29h", "moore2009-fed-exercised-3h", "phillips1997-fasted-fsr-3h", "mitchell2014-myops-1-3h", "mitchell2014-myops-3-6h")),
        Param("hill", 4.0, "1", "burd2010", (1.0, 6.0), "D",
              note="steepness of the MyoPS response to the signal (threshold-like): the 1-set response is gone by 29 h, the 3-set response is not (burd2010)", fitted_to=("chesley1992-mps-24h", "burd2010-1set-29h", "burd2010-3set-29h", "moore2009-fed-exercised-3h", "phillips1997-fasted-fsr-3h", "mitchell2014-myops-1-3h", "mitchell2014-myops-3-6h")),
        Param("max_rise", 2.0, "1", "mitchell2014, moore2009, burd2010", (1.0, 4.0), "D", "lognormal", 0.3,
              note="maximal fractional rise of MyoPS in the fed state: +235 % at 1-3 h (mitchell2014), +229 % at 5 h (moore2009), 3.1-fold at 5 h (burd2010); "
                   "CV from mitchell2014 (235 +/- 38 % SEM, n = 23: SD about 180 %, of which part is measurement error)", fitted_to=("chesley1992-mps-24h", "burd2010-1set-29h", "burd2010-3set-29h", "moore2009-fed-exercised-3h", "phillips1997-fasted-fsr-3h", "mitchell2014-myops-1-3h", "mitchell2014-myops-3-6h")),
        Param("k_mps", 1.0, "1/h", "moore2009", (0.3, 3.0), "D",
              note="lag of synthesis behind the signal (t1/2 about 40 min): +100 % over the first hour, +216 % at 3 h, +229 % at 5 h (moore2009)"),
        Param("fed", 1.0, "1", "assumption", (0.0, 1.0), "assumption",
              note="nutritional condition of the study: 1 habitual fed state (default; day-averaged balance zero at rest), 0 fasted throughout "
                   "(override per study: parameters: {muscle_protein.fed: 0}); intermediate values interpolate"),
        Param("fasted_response", 0.5, "1", "phillips1997, moore2009", (0.2, 1.0), "D",
              note="MyoPS rise when fasted relative to fed: fasted FSR +112 % at 3 h (phillips1997, mixed, numbers unverified) vs fed MyoPS +216 % at 3 h (moore2009)"),
        Param("fasted_breakdown_ratio", 1.8, "1", "phillips1997, biolo1995, assumption", (1.2, 3.0), "assumption",
              note="resting FBR/FSR in the postabsorptive state: the fasted resting balance is negative, and after exercise (FSR +112 %, FBR +31 %) it improves "
                   "but stays negative (phillips1997, biolo1995), which requires a ratio above 1.62; the ratio itself was not read from the source"),
        Param("breakdown_coupling", 0.5, "1", "phillips1997", (0.1, 1.0), "D",
              note="absolute rise of breakdown per unit absolute rise of synthesis: FBR +31 % at 3 h and +18 % at 24 h when FSR was +112 % and +65 % "
                   "(ratio of relative rises 0.28 at both times; x fasted FBR/FSR 1.8 = 0.5), phillips1997 (numbers unverified)"),
        Param("repair_gain", 1.0, "1", "damas2016, assumption", (0.0, 5.0), "assumption",
              note="fractional rise of MyoPS per unit damage (fraction of force lost): integrated MyoPS 0-48 h is highest in week 1 when damage is highest (damas2016); "
                   "damas2016 gives no absolute values, so the size is a judgement (damage 0.3 -> +30 %)"),
        Param("repair_breakdown", 1.0, "1", "damas2016, assumption", (0.0, 5.0), "assumption",
              note="fractional rise of breakdown (relative to resting synthesis) per unit damage: removal of damaged protein; chosen so that repair synthesis "
                   "adds no net protein (only MyoPS after damage subsides tracks hypertrophy, damas2016)"),
    )
    routes = (
        Route("muscle", "autocrine", "mechanical tension -> mTORC1 -> myofibrillar protein synthesis", "burd2010, mitchell2014", True),
    )

    @staticmethod
    def rhs(anabolic_signal, mps, net_protein, tension, damage, trained_state, mps_rest, signal_gain, k_signal, trained_speedup,
            half_signal, hill, max_rise, k_mps, fed, fasted_response, fasted_breakdown_ratio, breakdown_coupling,
            repair_gain, repair_breakdown):
        s = anabolic_signal
        if s < 0.0:
            s = 0.0
        d_signal = signal_gain * tension * (1.0 - s) - k_signal * (1.0 + trained_speedup * trained_state) * anabolic_signal
        sh = s ** hill
        rise = max_rise * sh / (sh + half_signal ** hill)
        amp = fed + (1.0 - fed) * fasted_response
        target = mps_rest * (1.0 + amp * rise + repair_gain * damage)
        d_mps = k_mps * (target - mps)
        mpb = mps_rest * (1.0 + (1.0 - fed) * (fasted_breakdown_ratio - 1.0) + repair_breakdown * damage) \
            + breakdown_coupling * (mps - mps_rest - mps_rest * repair_gain * damage)
        if mpb < 0.0:
            mpb = 0.0
        net = mps - mpb
        # net_protein is a pure integral of the balance: it does not feed back on its own rate (the
        # engine requires every declared argument to appear, hence the explicit zero coefficient).
        return d_signal, d_mps, net + 0.0 * net_protein, mpb, net
