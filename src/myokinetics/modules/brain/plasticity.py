"""Brain BDNF and the exercise-driven neuroplasticity state that drives mood and cognition.

What the evidence says.  In people the brain releases BDNF at rest, and its output rises two- to threefold
during 4 h of rowing; at rest and during exercise the brain supplies 70-80 % of circulating BDNF, a share that
falls within 1 h of recovery (rasmussen2009, arterial-to-internal-jugular differences).  In mice exercise
raised hippocampal and cortical BDNF mRNA three- to fivefold, peaking 2 h after exercise (rasmussen2009).
Muscle makes BDNF too but uses it locally (fat oxidation) and releases little or none (matthews2009; the
serum module ``myokines/bdnf.py`` carries that small share).  Signals that link exercise to brain BDNF:

* neural activity of the exercise itself (central command and afferent feedback scale with the working
  muscle mass): the brain's BDNF output rises during exercise (rasmussen2009);
* blood lactate: lactate infusion at rest raised blood BDNF in humans (schiffer2011), but a later
  randomised crossover infusion raised only pro-BDNF, not mature BDNF (roja2025); in mice exercise raised
  hippocampal BDNF through lactate (SIRT1-PGC-1a-FNDC5; elhayek2019).  The human evidence conflicts, so the
  lactate gain is small and its range includes zero;
* irisin / FNDC5: in mice FNDC5 in the hippocampus induces BDNF (wrann2013); no human study shows that
  circulating irisin reaches or acts on the brain, so irisin is *not* an input here (a declared, unmodelled
  route);
* IGF-1 and VEGF (rodent data) are not modelled.

Blocking TrkB signalling in the hippocampus abolished the exercise-induced gain in spatial learning in rats
(vaynman2004): the plasticity that follows exercise needs BDNF.

Model.

* ``brain_bdnf`` (1 = the subject's resting brain BDNF output): rises during exercise with the working share
  of the muscle mass and with blood lactate above the resting range, and returns with a half-life of about
  30 min (the brain's share of circulating BDNF had fallen 1 h into recovery, rasmussen2009).
* ``neuroplasticity`` (1 = baseline): the BDNF messenger acts through TrkB occupancy, an explicit Hill term
  ``occ(b) = b^n / (b^n + EC50^n)`` with EC50 relative to the resting brain BDNF and a maximal effect Emax; the
  occupancy *above rest* is the training signal.  Its dose (``plasticity_dose``, reference sessions a week)
  drives a slow adaptation (``plasticity_adaptation``) with rise and decay times (the template of
  :mod:`myokinetics.modules.adaptation`).  ``neuroplasticity = 1 + adaptation / plateau of the reference
  program``: 2 is the plateau of 3 reference sessions a week.  The state is what mood, anxiety, sleep and
  cognition follow (``chronic.py``), not the working muscle mass.
* ``brain_bdnf`` is an input of ``neuroplasticity`` (the messenger of the route brain BDNF -> TrkB): a block of
  that route (e.g. a TrkB antagonist or an anti-BDNF antibody) scales what the plasticity module receives,
  and with it blocked exercise leaves plasticity, mood and cognition at baseline.
"""
from __future__ import annotations

from myokinetics.model.module import Module, Route
from myokinetics.model.param import Input, Param, Signalling, State, Var
from myokinetics.modules.adaptation import dose_adaptation, relative_to_reference

_WEEK = 168.0  # h per week: unit conversion of the time constants


class BrainBDNF(Module):
    name = "brain_bdnf"
    organ = "brain"
    description = ("BDNF output of the brain relative to rest: raised two- to threefold during exercise by the working muscle "
                   "mass (neural activity) and by blood lactate; returns within about an hour.")
    states = (
        State("brain_bdnf", "1", 1.0, "brain BDNF expression (output) relative to the subject's resting level",
              decay="k_brain_bdnf", scale=1.0),
    )
    inputs = (
        Input("active_mass", "kg", ("muscle",), reduce="sum"),
        Input("skeletal_muscle_mass", "kg"),
        Input("lactate", "mmol/L"),
    )
    params = (
        Param("k_brain_bdnf", 1.4, "1/h", "rasmussen2009, assumption", (0.3, 6.0), "C",
              note="return of the brain's BDNF output to rest (half-life about 30 min): its share of circulating BDNF had fallen "
                   "after 1 h of recovery (rasmussen2009); in mice hippocampal BDNF mRNA peaked 2 h after exercise, a slower "
                   "intracellular step that is not separated here"),
        Param("brain_bdnf_activity_gain", 8.0, "1", "rasmussen2009", (0.5, 20.0), "D", "lognormal", 0.5,
              note="rise of the brain's BDNF output per unit of working share of the muscle mass (active mass / skeletal muscle "
                   "mass): 4 h of rowing (simulated at 65 % VO2max: working share about 0.19) raised it two- to threefold (rasmussen2009); "
                   "set by hand to the middle of that range (study rasmussen2009-brain-bdnf-rowing); CV assumed",
              fitted_to=("rasmussen2009-brain-bdnf-rowing",)),
        Param("brain_bdnf_lactate_gain", 0.1, "L/mmol", "schiffer2011, roja2025, elhayek2019, assumption", (0.0, 0.5), "assumption",
              note="rise of brain BDNF output per mmol/L of blood lactate above the resting range: lactate infusion raised blood "
                   "BDNF (schiffer2011) but a later trial found only pro-BDNF raised (roja2025); the lactate-SIRT1-PGC-1a-FNDC5-BDNF "
                   "pathway is shown in mice (elhayek2019); a small value, range from none"),
        Param("lactate_rest_max", 2.0, "mmol/L", "vanhall2009, assumption", (1.5, 4.0), "assumption",
              note="blood lactate above which the brain takes up and signals lactate: at rest the brain releases lactate, with "
                   "raised arterial lactate (exercise, infusion) it takes it up (vanhall2009); 2 mmol/L is also the top of the "
                   "resting range of blood_lactate.baseline, so rest gives no signal"),
    )
    # brain BDNF -> TrkB is the neuroplasticity module's route input (blockable); irisin -> hippocampal BDNF is
    # listed in model/unquantified_routes.yaml (mice only)
    routes = (
        Route("brain", "endocrine", "blood lactate -> brain BDNF expression (human evidence conflicting)",
              "schiffer2011, roja2025, elhayek2019", True),
    )

    @staticmethod
    def rhs(brain_bdnf, active_mass, skeletal_muscle_mass, lactate, k_brain_bdnf, brain_bdnf_activity_gain,
            brain_bdnf_lactate_gain, lactate_rest_max):
        share = active_mass / skeletal_muscle_mass if skeletal_muscle_mass > 0.0 else 0.0
        drive = brain_bdnf_activity_gain * share + brain_bdnf_lactate_gain * max(lactate - lactate_rest_max, 0.0)
        return (k_brain_bdnf * (1.0 + drive - brain_bdnf),)


class Neuroplasticity(Module):
    name = "neuroplasticity"
    organ = "brain"
    description = ("Exercise-driven neuroplasticity: TrkB occupancy by brain BDNF above rest (Hill term) integrated as a training "
                   "dose into a slow plasticity state with its own rise and decay; drives mood, anxiety, sleep and cognition.")
    states = (
        State("plasticity_dose", "1", 0.0, "recent BDNF-TrkB signalling dose (reference sessions a week, weighted over about a week)",
              decay="k_plasticity_dose", scale=3.0),
        State("plasticity_adaptation", "1", 0.0, "BDNF-dependent plasticity adaptation (0 none, 1 the ceiling of an infinite dose)",
              decay="k_plasticity_decay", memory=True, scale=0.5),
    )
    inputs = (Input("brain_bdnf", "1", route=Signalling(
        1.0, "brain", "autocrine", "brain BDNF binds TrkB (Hill term): the training signal of neuroplasticity, which drives "
        "mood, anxiety, sleep and cognition", "rasmussen2009, szuhany2015",
        perturbation="no human BDNF or TrkB blockade exists; the action is inferred from exercise trials of mood and cognition "
                     "(gordon2018, liuambrose2010) and rodent TrkB studies")),)
    outputs = (
        Var("neuroplasticity", "1", "exercise-driven neuroplasticity relative to baseline (1; 2 = the plateau of 3 reference sessions a week)"),
        Var("trkb_occupancy_excess", "1", "TrkB occupancy by brain BDNF above its resting occupancy", observable=False),
    )
    params = (
        Param("trkb_ec50", 1.0, "1", "assumption", (0.1, 10.0), "assumption",
              note="brain BDNF (relative to rest) at half-maximal TrkB activation: the high-affinity BDNF-TrkB binding is in the "
                   "sub-nanomolar range, about the tissue concentration, so receptors are taken as half occupied at rest; no human "
                   "measurement; the occupancy rises from 0.5 at rest to about 0.7 at the twofold output of exercise"),
        Param("trkb_hill", 1.0, "1", "assumption", (0.5, 3.0), "assumption",
              note="Hill coefficient of the occupancy (1: simple binding of one ligand dimer per receptor pair; an assumption)"),
        Param("trkb_emax", 1.0, "1", "assumption", (0.1, 1.0), "assumption",
              note="maximal plasticity signal at full occupancy (the occupancy scale; with it the dose is counted in occupancy-hours)"),
        Param("plasticity_dose_ref", 0.057, "h", "assumption", (0.005, 0.5), "D",
              note="TrkB occupancy above rest integrated over one reference session (9 sets of three whole-body lifts at 70 % 1RM: "
                   "about 0.057 occupancy-hours in a 45-year-old man, computed with the model); a 45-min run at 65 % VO2max gives "
                   "about 4 reference sessions, 4 h of rowing about 16"),
        Param("k_plasticity_dose", 1.0 / _WEEK, "1/h", "assumption", (1.0 / (4 * _WEEK), 1.0 / (2 * 24.0)), "assumption",
              note="the dose is the signalling of about the last week (time constant 1 week)"),
        Param("plasticity_d50", 0.1, "1", "liuambrose2010, gordon2018", (0.02, 5.0), "D",
              note="dose (reference sessions a week) at half the ceiling: small, because the effects hardly depend on the dose: "
                   "12 months of once- or twice-weekly resistance training improved executive function alike (+12.6 % and +10.9 %, "
                   "liuambrose2010) and the antidepressant effect was not moderated by volume (gordon2018); set by hand to the "
                   "once-vs-twice-weekly contrast (liuambrose2010_frequency: d50 0.5, 0.2 and 0.1 give ratios 1.29, 1.15 and 1.08)",
              fitted_to=("liuambrose2010_frequency",)),
        Param("plasticity_d_ref", 3.0, "1", "gordon2018, assumption", (1.0, 6.0), "assumption",
              note="the reference program whose plateau defines neuroplasticity = 2: 3 reference sessions a week"),
        Param("k_plasticity_rise", 1.0 / (8 * _WEEK), "1/h", "gordon2018, singh2005, assumption", (1.0 / (26 * _WEEK), 1.0 / _WEEK), "assumption",
              note="rate of approach to the dose's plateau (time constant 8 weeks): the antidepressant effects of 8-12-week trials "
                   "(gordon2018; singh2005: 8 weeks) are large; no human study measured plasticity week by week"),
        Param("k_plasticity_decay", 1.0 / (12 * _WEEK), "1/h", "assumption", (1.0 / (104 * _WEEK), 1.0 / (2 * _WEEK)), "assumption",
              note="loss of the adaptation without training (time constant 12 weeks); no human detraining study of BDNF-dependent "
                   "plasticity was found"),
    )
    routes = ()

    @staticmethod
    def rhs(plasticity_dose, plasticity_adaptation, brain_bdnf, trkb_ec50, trkb_hill, trkb_emax, plasticity_dose_ref,
            k_plasticity_dose, plasticity_d50, plasticity_d_ref, k_plasticity_rise, k_plasticity_decay):
        b = max(brain_bdnf, 0.0)
        bn = b ** trkb_hill
        en = trkb_ec50 ** trkb_hill
        occ = bn / (bn + en)
        occ_rest = 1.0 / (1.0 + en)
        excess = trkb_emax * max(occ - occ_rest, 0.0)
        d_dose, d_x = dose_adaptation(plasticity_dose, plasticity_adaptation, excess, plasticity_dose_ref, k_plasticity_dose,
                                      plasticity_d50, k_plasticity_rise, k_plasticity_decay)
        plast = 1.0 + relative_to_reference(plasticity_adaptation, plasticity_d_ref, plasticity_d50)
        return d_dose, d_x, plast, excess
