"""Subjects and cohorts: seeded sampling of covariates and of parameter distributions.

Each subject's random numbers come from its own stream, seeded by
``(seed, subject index)``, so a cohort can be simulated in independent chunks
(or one subject alone) and give bit-identical results.  Derived quantities
(muscle mass from body mass and sex, ...) are computed inside the model from
the sampled covariates, never drawn independently.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from myokinetics.errors import InputError
from myokinetics.model.assemble import CONDITIONS, COVARIATES, Model

#: largest seed (it is stored as a 64-bit integer in result files)
MAX_SEED = 2 ** 63 - 1
TRAINING_STATUS = {"untrained": 0.0, "recreational": 0.5, "trained": 1.0}
#: The training history each status declares: weeks of regular resistance training before the start, and the weekly
#: hard sets per muscle group it was done at (modules/muscle/training_history.py).  "trained" stands for about two
#: years at 12 weekly hard sets (a common inclusion criterion of studies in resistance-trained men is one to two
#: years or more of regular training; 12 sets is the model's reference volume, muscle_size.volume_ref),
#: "recreational" for a recreationally active person who has lifted lightly for about six months (3 weekly hard
#: sets, about one light session a week); all are assumptions, not read from a source.  A scenario can give the
#: history itself (subjects.training_weeks, subjects.training_weekly_sets), e.g. 8 weeks for the leg trained in
#: kim2005 or tang2008.
TRAINING_WEEKS = {"untrained": 0.0, "recreational": 26.0, "trained": 104.0}
TRAINING_WEEKLY_SETS = {"untrained": 0.0, "recreational": 3.0, "trained": 12.0}
#: most weekly hard sets per muscle group of a declared history
MAX_TRAINING_WEEKLY_SETS = 60.0
#: longest declared training history (weeks): ten years; every adaptation of the model has reached its plateau long before
MAX_TRAINING_WEEKS = 520.0
SEXES = ("male", "female", "mixed")


@dataclass(frozen=True)
class Spread:
    """A covariate given as a fixed value, a uniform range [low, high] or a normal (mean, sd) truncated to [low, high]."""

    value: float | None = None
    low: float | None = None
    high: float | None = None
    mean: float | None = None
    sd: float | None = None

    def sample(self, rng: np.random.Generator) -> float:
        if self.value is not None:
            return float(self.value)
        if self.mean is not None:
            lo = -np.inf if self.low is None else self.low
            hi = np.inf if self.high is None else self.high
            for _ in range(1000):
                x = rng.normal(self.mean, self.sd or 0.0)
                if lo <= x <= hi:
                    return float(x)
            return float(np.clip(self.mean, lo, hi))
        return float(rng.uniform(self.low, self.high))

    @property
    def typical(self) -> float:
        if self.value is not None:
            return float(self.value)
        if self.mean is not None:
            return float(self.mean)
        return 0.5 * (self.low + self.high)


def _spread(field_name: str, v, lo: float, hi: float, unit: str) -> Spread:
    def chk(x, what=field_name):
        if not isinstance(x, (int, float)) or isinstance(x, bool) or not (lo <= x <= hi):   # NaN fails lo <= x
            raise InputError(what, x, f"a number from {lo} to {hi} {unit}")
        return float(x)

    if isinstance(v, Spread):
        return v
    if isinstance(v, (int, float)):
        return Spread(value=chk(v))
    if isinstance(v, (list, tuple)) and len(v) == 2:
        a, b = chk(v[0]), chk(v[1])
        if a > b:
            raise InputError(field_name, list(v), "a range [low, high] with low <= high")
        return Spread(low=a, high=b)
    if isinstance(v, Mapping) and "mean" in v:
        extra = set(v) - {"mean", "sd", "low", "high"}
        if extra:
            raise InputError(f"{field_name}.{sorted(extra)[0]}", v[sorted(extra)[0]], "one of mean, sd, low, high")
        sd = v.get("sd", 0.0)
        if not isinstance(sd, (int, float)) or isinstance(sd, bool) or not 0 <= sd <= hi - lo:
            raise InputError(f"{field_name}.sd", sd, f"a standard deviation from 0 to {hi - lo} {unit}")
        # the normal distribution is truncated to [low, high], by default the valid range of the covariate
        low = chk(v["low"], f"{field_name}.low") if v.get("low") is not None else float(lo)
        high = chk(v["high"], f"{field_name}.high") if v.get("high") is not None else float(hi)
        mean = chk(v["mean"], f"{field_name}.mean")
        if not low <= mean <= high:
            raise InputError(f"{field_name}.mean", v["mean"], f"a mean within [low, high] = [{low:g}, {high:g}] {unit}")
        return Spread(mean=mean, sd=float(sd), low=low, high=high)
    raise InputError(field_name, v, f"a number, a range [low, high] or {{mean, sd}} in {unit}")


@dataclass(frozen=True)
class CohortSpec:
    n: int = 1
    seed: int = 0
    sex: str = "male"                 # male | female | mixed (50/50 draw)
    age: Spread = Spread(value=30.0)
    body_mass: Spread | None = None   # kg; default: sex-specific reference (see below)
    height: Spread | None = None      # cm; default: sex-specific reference
    training_status: str = "untrained"
    variability: str = "auto"         # auto | on | off: sample between-subject parameter variation
    conditions: tuple[str, ...] = ()  # subject conditions shared by every subject (see CONDITIONS)
    training_weeks: float | None = None  # declared training history (weeks); default from training_status (TRAINING_WEEKS)
    training_weekly_sets: float | None = None  # its weekly hard sets per muscle group; default TRAINING_WEEKLY_SETS

    def __post_init__(self):
        conds = self.conditions
        if isinstance(conds, str) or not isinstance(conds, (list, tuple)):
            raise InputError("subjects.conditions", conds, f"a list of conditions from: {', '.join(CONDITIONS)}")
        for k, c in enumerate(conds):
            if c not in CONDITIONS:
                from myokinetics.errors import UnknownNameError
                raise UnknownNameError(f"subjects.conditions[{k}]", c, list(CONDITIONS), "a subject condition")
        object.__setattr__(self, "conditions", tuple(conds))
        for name, lo, hi, unit in (("age", 18, 100, "yr"), ("body_mass", 30, 250, "kg"), ("height", 120, 230, "cm")):
            v = getattr(self, name)
            if v is not None and not isinstance(v, Spread):
                object.__setattr__(self, name, _spread(f"subjects.{name}", v, lo, hi, unit))
        if not isinstance(self.n, int) or isinstance(self.n, bool) or self.n < 1:
            raise InputError("subjects.n", self.n, "a whole number >= 1")
        if self.sex not in SEXES:
            raise InputError("subjects.sex", self.sex, "male, female or mixed")
        if self.training_status not in TRAINING_STATUS:
            raise InputError("subjects.training_status", self.training_status, ", ".join(TRAINING_STATUS))
        tw = self.training_weeks
        if tw is not None and (not isinstance(tw, (int, float)) or isinstance(tw, bool) or not 0.0 <= tw <= MAX_TRAINING_WEEKS):
            raise InputError("subjects.training_weeks", tw, f"a number of weeks from 0 to {MAX_TRAINING_WEEKS:g}")
        ts = self.training_weekly_sets
        if ts is not None and (not isinstance(ts, (int, float)) or isinstance(ts, bool)
                               or not 0.0 <= ts <= MAX_TRAINING_WEEKLY_SETS):
            raise InputError("subjects.training_weekly_sets", ts,
                             f"a number of hard sets per muscle group and week from 0 to {MAX_TRAINING_WEEKLY_SETS:g}")
        if self.variability not in ("auto", "on", "off"):
            raise InputError("subjects.variability", self.variability, "auto, on or off")
        if "postmenopausal" in self.conditions and self.sex != "female":
            raise InputError("subjects.conditions", "postmenopausal", "a condition of women only (subjects.sex: female)")

    @property
    def history_weeks(self) -> float:
        """The declared training history in weeks (training_weeks, or the default of training_status)."""
        return float(TRAINING_WEEKS[self.training_status] if self.training_weeks is None else self.training_weeks)

    @property
    def history_weekly_sets(self) -> float:
        """Weekly hard sets per muscle group of the declared history (0 when it has no weeks)."""
        if self.history_weeks == 0.0:
            return 0.0
        if self.training_weekly_sets is not None:
            return float(self.training_weekly_sets)
        return float(TRAINING_WEEKLY_SETS[self.training_status] or TRAINING_WEEKLY_SETS["trained"])

    @property
    def sampled(self) -> bool:
        return self.variability == "on" or (self.variability == "auto" and self.n > 1)


# Reference body size when a scenario gives none: mean adult height in NHANES (fryar2018; men 175.4 cm,
# women 161.7 cm, values unverified, see references.bib) and body mass from BMI 24.5 / 24.0 at those
# heights (an assumption; the NHANES mean BMI is higher, near 29, so this is a 'normal-weight' reference).
REFERENCE_SIZE = {"male": (75.4, 175.4), "female": (62.8, 161.7)}


@dataclass
class Cohort:
    """Sampled covariates and parameters of n subjects (arrays along ``subject``)."""

    spec: CohortSpec
    index: np.ndarray            # subject indices (global, for chunking)
    covariates: np.ndarray       # (n, n_cov) in COVARIATES order
    params: np.ndarray           # (n, n_param)
    param_names: list[str]

    @property
    def n(self) -> int:
        return self.index.shape[0]

    def subset(self, idx: Sequence[int]) -> "Cohort":
        idx = np.asarray(idx)
        return Cohort(self.spec, self.index[idx], self.covariates[idx], self.params[idx], self.param_names)

    def coords(self) -> dict[str, np.ndarray]:
        names = list(COVARIATES)
        c = {n: self.covariates[:, i] for i, n in enumerate(names)}
        sex = np.where(c["sex_male"] > 0.5, "male", "female")
        status = np.array([{0.0: "untrained", 0.5: "recreational", 1.0: "trained"}[float(v)] for v in c["trained"]])
        out = {"sex": sex, "age": c["age"], "body_mass_start": c["body_mass0"], "height": c["height"], "training_status": status,
               "training_weeks": c["training_weeks"], "training_weekly_sets": c["training_weekly_sets"]}
        for cond in CONDITIONS:
            if cond in self.spec.conditions:
                out[cond] = c[cond].astype(bool)
        return out


def sample_covariates(spec: CohortSpec, index: Sequence[int] | None = None) -> np.ndarray:
    """The covariates (n, n_cov) in COVARIATES order of subjects ``index`` (default 0..n-1); no model needed."""
    index = np.arange(spec.n) if index is None else np.asarray(index, dtype=np.int64)
    cov = np.zeros((index.size, len(COVARIATES)))
    for row, i in enumerate(index):
        rng = np.random.default_rng(np.random.SeedSequence([int(spec.seed), int(i)]))
        sex = spec.sex if spec.sex != "mixed" else ("male" if rng.random() < 0.5 else "female")
        ref_mass, ref_h = REFERENCE_SIZE[sex]
        sampled = spec.sampled
        pick = (lambda s: s.sample(rng)) if sampled else (lambda s: s.typical)
        cov[row] = [
            1.0 if sex == "male" else 0.0,
            pick(spec.age),
            pick(spec.body_mass) if spec.body_mass is not None else ref_mass,
            pick(spec.height) if spec.height is not None else ref_h,
            TRAINING_STATUS[spec.training_status],
            *[1.0 if c in spec.conditions else 0.0 for c in CONDITIONS],
            spec.history_weeks,
            spec.history_weekly_sets,
        ]
    return cov


def sample_cohort(model: Model, spec: CohortSpec, index: Sequence[int] | None = None) -> Cohort:
    """Draw covariates and parameters for subjects ``index`` (default 0..n-1)."""
    index = np.arange(spec.n) if index is None else np.asarray(index, dtype=np.int64)
    base = model.default_params()
    pdefs = [model.param_defs[s.name] for s in model.params]
    cov = sample_covariates(spec, index)
    par = np.tile(base, (index.size, 1))
    # Parameter draws: one stream per (seed, parameter name), indexed by subject, so a subject's
    # physiology depends neither on its chunk nor on which other modules the model contains.
    if spec.sampled and index.size:
        nmax = int(index.max()) + 1
        names = [s.name for s in model.params]
        for j, p in enumerate(pdefs):
            if p.dist == "fixed":
                continue
            prng = np.random.default_rng(np.random.SeedSequence([int(spec.seed), 1, zlib.crc32(names[j].encode())]))
            z = prng.standard_normal(nmax)[index]
            if p.dist == "lognormal":
                col = p.value * np.exp(np.sqrt(np.log1p(p.cv ** 2)) * z)     # median = nominal value
            elif p.dist == "normal":
                col = p.value * (1.0 + p.cv * z)
            else:  # logitnormal
                x = np.clip(p.value, 1e-9, 1 - 1e-9)
                col = 1.0 / (1.0 + np.exp(-(np.log(x / (1 - x)) + p.cv * z)))
            par[:, j] = np.clip(col, p.range[0], p.range[1]) if p.range is not None else col
    return Cohort(spec, index, cov, par, [s.name for s in model.params])


def cohort_from_mapping(d: Mapping, field: str = "subjects") -> CohortSpec:
    allowed = {"n", "seed", "sex", "age", "body_mass", "height", "training_status", "variability", "conditions",
               "training_weeks", "training_weekly_sets"}
    for k in d:
        if k not in allowed:
            from myokinetics.errors import UnknownNameError
            raise UnknownNameError(f"{field}.{k}", k, sorted(allowed), "a subjects key")

    def qty(key, lo, hi, unit):
        if key not in d or d[key] is None:
            return None
        v = d[key]
        if isinstance(v, str):
            from myokinetics.io.quantity import parse_quantity
            v = parse_quantity(v, unit, f"{field}.{key}")
        return _spread(f"{field}.{key}", v, lo, hi, unit)

    n = d.get("n", 1)
    seed = d.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed <= MAX_SEED:
        raise InputError(f"{field}.seed", seed, f"a whole number from 0 to {MAX_SEED}")
    return CohortSpec(
        n=n if not isinstance(n, bool) else -1, seed=seed, sex=d.get("sex", "male"),
        age=qty("age", 18, 100, "yr") or Spread(value=30.0),
        body_mass=qty("body_mass", 30, 250, "kg"), height=qty("height", 120, 230, "cm"),
        training_status=d.get("training_status", "untrained"), variability=d.get("variability", "auto"),
        training_weeks=d.get("training_weeks"), training_weekly_sets=d.get("training_weekly_sets"),
        conditions=tuple(d.get("conditions") or ()) if isinstance(d.get("conditions"), (list, tuple)) or d.get("conditions") is None
        else d.get("conditions"),
    )
