"""The simulation pipeline: scenario → load resolution → forcing → engine → result.

Every way of running a simulation (:func:`myokinetics.simulate`, ``myokinetics simulate``, trials,
validation studies, ``compare``, the tests and the benchmarks) goes through these steps, each a small
function with its own result, so that nothing is assembled twice or differently:

==========================  ==========================================  =====================================
step                        function                                    result
==========================  ==========================================  =====================================
0. model and cohort         :func:`build_for` / ``Simulation.cohort``   :class:`~myokinetics.model.assemble.Model`,
                                                                        :class:`~myokinetics.population.cohort.Cohort`
1. load resolution          :func:`resolve_loads`                       :class:`ResolvedLoads`
2. forcing                  :func:`compile_forcing`                     :class:`~myokinetics.program.compile.Forcing`
3. engine                   :func:`solve`                               :class:`~myokinetics.engine.simulate.Solution`
4. result                   :func:`label`                               ``xarray.Dataset`` (OBSERVABLES.md)
==========================  ==========================================  =====================================

:class:`Simulation` chains them for one scenario and keeps each step's result (like PyBaMM's
``Simulation``)::

    sim = Simulation(scenario)          # nothing is computed yet
    sim.loads                           # step 1: ResolvedLoads (simulates the pilot subject if needed)
    sim.forcing                         # step 2
    ds = sim.run()                      # steps 3 and 4
    sim.stream("big.zarr")              # steps 3 and 4 chunk by chunk, written while simulating

**Load resolution (step 1).**  The forcing is shared by the cohort and expresses every set as a
fraction of the lifter's *current* 1RM.  Two kinds of load need the simulated strength to be written
that way: progressed %1RM loads (``progression``: a weight that rises each week, written against the
starting 1RM) and loads in kg (a fixed weight lifted by someone whose 1RM grows).  They are resolved
against the 1RM of the cohort's typical subject (nominal physiology, the cohort's median body mass),
simulated first with the program as written — one pass, not iterated to a fixed point.  The result,
:class:`ResolvedLoads`, holds the strength factor (current / starting 1RM) of every exercise at every
session start, the reference body mass and the pilot's own result; a pilot whose solver fails raises
:class:`LoadResolutionError` (nothing is silently left unresolved).  Programs with only fixed %1RM,
RIR/RPE or %VO2max loads need no pilot, and none is run.

The reference body mass is the median over the *whole* cohort (``scenario.cohort``), also when only some
subjects are simulated (``subjects=``, chunks, Dask workers), so a subject's result never depends on
the chunk it is simulated in.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import xarray as xr

from myokinetics.engine.result import to_dataset
from myokinetics.engine.simulate import STATUS, Solution, integrate
from myokinetics.errors import InputError
from myokinetics.io.scenario import Scenario
from myokinetics.population.cohort import Cohort, sample_cohort, sample_covariates
from myokinetics.program.compile import Forcing, compile_sessions

__all__ = ["Simulation", "ResolvedLoads", "LoadResolutionError", "simulate", "build_for", "reference_body_mass",
           "needs_pilot", "resolve_loads", "compile_forcing", "output_times", "solve", "label", "stream", "stream_scenario", "open_result",
           "EXECUTORS", "STREAM_FORMATS"]

#: Executors of :func:`stream`: this process, or Dask workers (a LocalCluster or a scheduler's address).
EXECUTORS = ("local", "dask")
#: File formats :func:`stream` writes chunk by chunk.
STREAM_FORMATS = (".zarr",)


class LoadResolutionError(InputError):
    """The pilot subject that resolves progressed / kg loads could not be simulated."""


# --------------------------------------------------------------------------- step 0: model and cohort
def build_for(scenario: Scenario, model=None):
    """The model a scenario runs on: ``model`` (default: the default model) with the scenario's parameter overrides."""
    from myokinetics.models import build_model

    if model is None:
        return build_model(scenario.parameters)
    if scenario.parameters:
        return build_model(scenario.parameters, modules=model.source_modules)
    return model


def reference_body_mass(scenario: Scenario) -> float:
    """The median body mass (kg) of the scenario's whole cohort: the reference for kg loads and the pilot subject."""
    return float(np.median(sample_covariates(scenario.cohort)[:, 2]))


# --------------------------------------------------------------------------- step 1: load resolution
def needs_pilot(model, scenario: Scenario) -> str | None:
    """Why the scenario's loads need the simulated strength (a sentence), or ``None`` when they do not."""
    if not any(o.name == "one_rm" for o in model.observers):
        return None
    kinds = set()
    for _, _, sess in scenario.sessions():
        for b in sess.blocks:
            if b.load is not None and (b.reps is not None or getattr(b, "amrap", False)):
                if getattr(b.load, "is_mass", b.load.kind == "kg"):
                    kinds.add("kg or lb loads")
                elif b.load.kind == "pct_1rm" and b.progressed:
                    kinds.add("progressed %1RM loads")
    if not kinds:
        return None
    return " and ".join(sorted(kinds)) + " are resolved against the 1RM simulated for the cohort's typical subject"


@dataclass(frozen=True)
class ResolvedLoads:
    """Step 1's result: how the program's loads were resolved against strength.

    ``body_mass`` (kg): the reference body mass (kg loads, the pilot subject).  ``reason``: why a pilot was
    simulated, or why none was needed.  When a pilot was simulated: ``times`` (h) are the pilot's output
    times (0 and every session start), ``exercises`` the exercises of its ``one_rm`` and ``factors``
    (time × exercise) its 1RM relative to the start; ``pilot`` is the pilot's own result (one subject,
    nominal physiology).
    """

    body_mass: float
    reason: str
    times: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0))
    exercises: tuple[str, ...] = ()
    factors: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros((0, 0)))
    pilot: xr.Dataset | None = dataclasses.field(default=None, compare=False, repr=False)

    @property
    def resolved(self) -> bool:
        """True when loads were resolved against a pilot's simulated strength."""
        return bool(self.exercises)

    def strength(self, exercise_id: str, t: float) -> float:
        """The typical subject's 1RM of ``exercise_id`` at time ``t`` (h) relative to the start (1 before any training)."""
        if exercise_id not in self.exercises:
            return 1.0
        k = int(np.searchsorted(self.times, t, side="right") - 1)
        return float(self.factors[max(k, 0), self.exercises.index(exercise_id)])

    def table(self):
        """The strength factors as a tidy table: one row per (time, exercise)."""
        import pandas as pd

        t, e = np.meshgrid(self.times, np.arange(len(self.exercises)), indexing="ij")
        return pd.DataFrame({"time_h": t.ravel(), "exercise": np.asarray(self.exercises, dtype=object)[e.ravel()]
                             if self.exercises else np.zeros(0, dtype=object), "strength_factor": self.factors.ravel()})

    def without_pilot(self) -> "ResolvedLoads":
        """The same resolution without the pilot's result (small, to send to workers)."""
        return dataclasses.replace(self, pilot=None)


def resolve_loads(model, scenario: Scenario, body_mass: float) -> ResolvedLoads:
    """Step 1: resolve progressed and kg loads against the simulated strength (see the module docstring).

    Simulates the pilot subject (one subject, nominal physiology, ``body_mass``) through the program as
    written, when :func:`needs_pilot` says so; raises :class:`LoadResolutionError` if its solver fails."""
    reason = needs_pilot(model, scenario)
    if reason is None:
        why = ("no progressed or kg loads: every load is a fixed fraction of the current 1RM, RIR/RPE or %VO2max"
               if any(o.name == "one_rm" for o in model.observers) else "the model has no one_rm observer")
        return ResolvedLoads(body_mass, why)
    as_written = ResolvedLoads(body_mass, "as written (the pilot's own forcing)")
    forcing = compile_forcing(model, scenario, as_written)
    spec = dataclasses.replace(scenario.cohort, n=1, variability="off")
    typical = sample_cohort(model, spec)
    typical.covariates[:, 2] = body_mass
    starts = np.unique([r["start"] for r in forcing.sets])
    t_out = np.unique(np.concatenate([[0.0], starts]))
    sol = solve(model, scenario, forcing, typical, t_out)
    if sol.status[0] != 0:
        reached = float(sol.steps[0, 2])
        raise LoadResolutionError(
            "program", f"{scenario.name}: the pilot subject's solver stopped ({STATUS[int(sol.status[0])]}) at t = {reached:g} h",
            "a program whose typical subject can be simulated as written, to resolve its progressed and kg loads",
            "write the loads as fixed %1RM, RIR or RPE, or change solver.rtol / the parameters")
    ds = to_dataset(model, forcing, typical, sol, one_rm=scenario.one_rm)
    rm = ds["one_rm"].isel(subject=0)
    rel = (rm / rm.isel(time=0)).values   # (time, exercise)
    return ResolvedLoads(body_mass, reason, np.asarray(ds["time"].values), tuple(str(x) for x in ds["exercise"].values),
                         rel, ds)


# --------------------------------------------------------------------------- step 2: forcing
def compile_forcing(model, scenario: Scenario, loads: ResolvedLoads) -> Forcing:
    """Step 2: the scenario's program as piecewise-constant segments, loads resolved by ``loads``, with the
    scenario's interventions (blocks, infusions: :mod:`myokinetics.interventions`) as segment signals."""
    from myokinetics.program.endurance import reference_vo2max
    vo2max = scenario.vo2max if getattr(scenario, "vo2max", None) is not None else \
        reference_vo2max(scenario.cohort.sex, scenario.cohort.age.typical)
    from types import SimpleNamespace

    from myokinetics.modules.neural.one_rm import typical_norm
    # the sex and age norm on the reference 1RM of kg loads, from the WHOLE cohort (never the chunk's subjects)
    norm = typical_norm(model, SimpleNamespace(covariates=sample_covariates(scenario.cohort)))
    forcing = compile_sessions(scenario.sessions(), model.muscles, 0.0, scenario.duration_h, scenario.one_rm,
                               loads.body_mass, strength=loads.strength if loads.resolved else None, vo2max=vo2max,
                               norm=norm)
    if getattr(scenario, "interventions", ()):
        from myokinetics.interventions import apply
        forcing = apply(model, forcing, scenario.interventions)
    return forcing


# --------------------------------------------------------------------------- steps 3 and 4: engine and result
def output_times(scenario: Scenario) -> np.ndarray:
    """The output times (h): 0, every, 2·every, ... up to the duration."""
    n_out = int(np.floor(scenario.duration_h / scenario.output_every_h + 1e-9)) + 1
    return np.arange(n_out) * scenario.output_every_h


def solve(model, scenario: Scenario, forcing: Forcing, cohort: Cohort, t_out: np.ndarray, *, chunk_size: int = 2000,
          progress: Callable[[int], None] | None = None, outputs: str = "observable", states: str = "observable",
          **engine) -> Solution:
    """Step 3: integrate ``cohort`` through ``forcing`` with the scenario's run-in and tolerances.

    ``engine``: further options of :func:`myokinetics.engine.simulate.integrate` (``hmax``, ``max_steps``)."""
    return integrate(model, forcing, cohort, np.asarray(t_out, dtype=float), run_in_h=scenario.run_in_h,
                     rtol=scenario.rtol, atol=scenario.atol, chunk_size=chunk_size, progress=progress,
                     outputs=outputs, states=states, **engine)


def label(model, scenario: Scenario, forcing: Forcing, cohort: Cohort, sol: Solution) -> xr.Dataset:
    """Step 4: the labelled result (OBSERVABLES.md names, units, provenance in ``attrs``)."""
    return to_dataset(model, forcing, cohort, sol, name=scenario.name, one_rm=scenario.one_rm,
                      extra_attrs={"scenario": scenario.name, "rtol": scenario.rtol, "atol": scenario.atol,
                                   "run_in_h": scenario.run_in_h})


# --------------------------------------------------------------------------- the chain
class Simulation:
    """One scenario through the pipeline; each step runs once, when first needed, and is kept.

    ``model``: an assembled model (default: the default model; the scenario's ``parameters`` are applied
    either way).  ``subjects``: simulate only these subject indices of the scenario's cohort (a subject's
    result does not depend on which others are simulated).  ``cohort``: a sampled cohort to use instead
    (e.g. with edited parameters; its own median body mass is then the reference).  ``loads`` and
    ``forcing``: results of steps 1 and 2 computed elsewhere (chunks and workers share them).
    """

    def __init__(self, scenario: Scenario, *, model=None, subjects: Sequence[int] | None = None,
                 cohort: Cohort | None = None, loads: ResolvedLoads | None = None, forcing: Forcing | None = None,
                 _built: bool = False):
        if subjects is not None and cohort is not None:
            raise ValueError("give either subjects or cohort")
        self.scenario = scenario
        self._model = model if _built else None
        self._given_model = model
        self.subjects = None if subjects is None else np.asarray(subjects, dtype=np.int64)
        self._cohort = cohort
        if loads is not None:
            self.__dict__["loads"] = loads
        if forcing is not None:
            self.__dict__["forcing"] = forcing

    @classmethod
    def of(cls, program, cohort: Cohort, duration_h: float, *, model=None, name: str = "program", **settings) -> "Simulation":
        """A simulation of ``program`` (a Program, PhasedProgram, DatedSessions, one Session at t = 0, or ``None``:
        no training) for an already sampled ``cohort`` over ``duration_h`` hours; ``settings``: the other
        :class:`Scenario` settings (``rtol``, ``atol``, ``run_in_h``, ``output_every_h``, ``one_rm``)."""
        from myokinetics.program.model import Session

        settings.setdefault("output_every_h", float(duration_h))
        one = program if isinstance(program, Session) else None
        sc = Scenario(name, duration_h, cohort.spec, program=None if one is not None else program, session=one, **settings)
        return cls(sc, model=model, cohort=cohort)

    @cached_property
    def model(self):
        return self._model if self._model is not None else build_for(self.scenario, self._given_model)

    @cached_property
    def cohort(self) -> Cohort:
        if self._cohort is not None:
            return self._cohort
        return sample_cohort(self.model, self.scenario.cohort, self.subjects)

    @cached_property
    def body_mass(self) -> float:
        """The reference body mass (kg) for kg loads and the pilot (see :func:`reference_body_mass`)."""
        if "loads" in self.__dict__:
            return self.loads.body_mass
        if self._cohort is not None or self.subjects is None:     # the whole cohort is at hand
            return float(np.median(self.cohort.covariates[:, 2]))
        return reference_body_mass(self.scenario)

    @cached_property
    def loads(self) -> ResolvedLoads:
        """Step 1 (:func:`resolve_loads`)."""
        return resolve_loads(self.model, self.scenario, self.body_mass)

    @cached_property
    def forcing(self) -> Forcing:
        """Step 2 (:func:`compile_forcing`)."""
        return compile_forcing(self.model, self.scenario, self.loads)

    @property
    def t_out(self) -> np.ndarray:
        return output_times(self.scenario)

    def solve(self, t_out: np.ndarray | None = None, **options) -> Solution:
        """Step 3 (:func:`solve`): the raw arrays; ``options`` as there (``states="all"`` records every state)."""
        return solve(self.model, self.scenario, self.forcing, self.cohort, self.t_out if t_out is None else t_out,
                     **options)

    def label(self, sol: Solution) -> xr.Dataset:
        """Step 4 (:func:`label`)."""
        return label(self.model, self.scenario, self.forcing, self.cohort, sol)

    def run(self, *, progress: Callable[[int], None] | None = None, chunk_size: int = 2000) -> xr.Dataset:
        """Steps 1-4: the labelled result (see OBSERVABLES.md).  A result that would not fit in memory is
        refused before anything runs (:func:`myokinetics.limits.check_memory`; stream it to Zarr instead)."""
        from myokinetics.limits import check_memory
        n = self.scenario.cohort.n if self.subjects is None else len(self.subjects)
        check_memory(self.model, n, len(self.t_out), "subjects.n" if n > 1 else "output.every")
        return self.label(self.solve(progress=progress, chunk_size=chunk_size))

    def chunk(self, subjects: Sequence[int]) -> "Simulation":
        """The same simulation for some subjects only, sharing the model, the resolved loads and the forcing."""
        return Simulation(self.scenario, model=self.model, subjects=subjects, loads=self.loads, forcing=self.forcing,
                          _built=True)

    def stream(self, path, *, chunk_size: int = 500, executor: str = "local", scheduler: str | None = None,
               workers: int = 2, progress: Callable[[int], None] | None = None, float32: bool = False) -> Path:
        """Steps 3 and 4 chunk by chunk, each chunk written to ``path`` as soon as it is done (see :func:`stream`)."""
        return stream(self, path, chunk_size=chunk_size, executor=executor, scheduler=scheduler, workers=workers,
                      progress=progress, float32=float32)


def simulate(scenario: Scenario, *, progress: Callable[[int], None] | None = None, chunk_size: int = 2000,
             subjects: Sequence[int] | None = None, model=None) -> xr.Dataset:
    """Simulate ``scenario`` and return the labelled results (see OBSERVABLES.md): ``Simulation(...).run()``.

    ``subjects``: optional subset of subject indices (for chunked or distributed runs); results for a
    subject are identical whatever chunk it is simulated in.
    """
    return Simulation(scenario, model=model, subjects=subjects).run(progress=progress, chunk_size=chunk_size)


# --------------------------------------------------------------------------- streaming (steps 3 and 4 in chunks)
def _chunk_result(job, a: int, b: int) -> xr.Dataset:
    """Steps 3 and 4 for subjects a..b-1 (run where the executor puts it: here or on a Dask worker)."""
    scenario, model, loads, forcing = job
    sim = Simulation(scenario, model=model, subjects=np.arange(a, b), loads=loads, forcing=forcing, _built=True)
    return sim.run(chunk_size=b - a)


def _storable(ds: xr.Dataset, n_total: int) -> xr.Dataset:
    """A chunk's result as stored: text as variable-length strings (chunks' widths differ), the whole cohort's size."""
    ds = ds.copy()
    for name, var in ds.variables.items():
        if var.dtype.kind == "U":
            ds[name] = var.astype(object)
    ds.attrs["n_subjects"] = int(n_total)
    return ds


def _encoding(ds: xr.Dataset, chunk_size: int, float32: bool) -> dict:
    enc = {}
    for name, var in ds.variables.items():
        if "subject" not in var.dims:
            continue
        e = {"chunks": tuple(min(chunk_size, ds.sizes[d]) if d == "subject" else ds.sizes[d] for d in var.dims)}
        if float32 and name in ds.data_vars and var.dtype == np.float64 and "time" in var.dims:
            e["dtype"] = "float32"
        enc[name] = e
    return enc


def _executor(executor: str, scheduler: str | None, workers: int):
    """(map-like submit, close) for ``executor``; Dask: a LocalCluster of ``workers`` processes or ``scheduler``."""
    if executor not in EXECUTORS:
        raise InputError("--executor", executor, " or ".join(EXECUTORS))
    if executor == "local":
        return None, lambda: None
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise InputError("--executor", "dask", "an installed dask.distributed",
                         "pip install 'myokinetics[distributed]'") from None
    if scheduler:
        client = Client(scheduler)
        return client, client.close
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)

    def close():
        client.close()
        cluster.close()

    return client, close


def stream(sim: Simulation, path, *, chunk_size: int = 500, executor: str = "local", scheduler: str | None = None,
           workers: int = 2, progress: Callable[[int], None] | None = None, float32: bool = False) -> Path:
    """Simulate ``sim``'s cohort in chunks of ``chunk_size`` subjects and write each chunk to ``path`` (Zarr) as it
    is done; returns ``path`` (read it with :func:`open_result`).

    Steps 1 and 2 (loads, forcing) run once, here; steps 3 and 4 run per chunk, in this process
    (``executor="local"``) or on Dask workers (``"dask"``: a LocalCluster of ``workers`` processes, or the
    cluster of ``scheduler``, e.g. ``tcp://host:8786``; workers need myokinetics installed, not ``path``: they
    send each chunk's result back and only this process writes).  Each chunk's subjects are drawn from their
    own seeded streams, and chunks are written in subject order as they arrive (at most one per worker
    ahead), so the store has the same bytes whatever the executor.  Peak memory is about one chunk's result per chunk in flight (about 1.8 MB per
    subject-year with daily outputs for the default model), not the cohort's.  ``float32``: store the time
    series in float32 (half the size; see benchmarks/engine.py for the error it adds).
    """
    path = Path(path)
    if path.suffix.lower() not in STREAM_FORMATS:
        raise InputError("--output", str(path), "a path ending in " + " or ".join(STREAM_FORMATS) + " to stream to")
    if not path.parent.is_dir():
        raise InputError("--output", str(path), "a path in an existing folder", f"folder {str(path.parent)!r} does not exist")
    if path.exists() and not (path / ".zgroup").exists() and not (path / "zarr.json").exists():
        raise InputError("--output", str(path), "a new path or an existing Zarr store (it is overwritten)",
                         "it exists and is not a Zarr store")
    if not isinstance(chunk_size, int) or chunk_size < 1:
        raise InputError("--chunk-size", chunk_size, "a whole number of subjects >= 1")
    try:
        import zarr  # noqa: F401
    except ImportError:
        raise InputError("--output", str(path), "a .zarr path with zarr installed",
                         "pip install 'myokinetics[distributed]'") from None
    if sim.subjects is not None or sim._cohort is not None:
        raise ValueError("stream() simulates the scenario's whole cohort")
    n = sim.scenario.cohort.n
    bounds = [(a, min(n, a + chunk_size)) for a in range(0, n, chunk_size)]
    job = (sim.scenario, sim.model, sim.loads.without_pilot(), sim.forcing)
    client, close = _executor(executor, scheduler, workers)

    def write(k: int, ds: xr.Dataset) -> None:
        ds = _storable(ds, n)
        if k == 0:
            ds.to_zarr(path, mode="w", encoding=_encoding(ds, chunk_size, float32), zarr_format=2, consolidated=True)
        else:
            ds[[v for v in ds.variables if "subject" in ds[v].dims]].to_zarr(path, append_dim="subject",
                                                                              zarr_format=2, consolidated=True)
        if progress:
            progress(bounds[k][1] - bounds[k][0])

    try:
        if client is None:
            for k, (a, b) in enumerate(bounds):
                write(k, _chunk_result(job, a, b))
        else:
            remote = client.scatter(job, broadcast=True)
            ahead = max(1, len(client.scheduler_info().get("workers", {})) or workers) + 1
            futures = {}
            for k in range(len(bounds)):
                while len(futures) < ahead and k + len(futures) < len(bounds):
                    j = k + len(futures)
                    futures[j] = client.submit(_chunk_result, remote, *bounds[j], pure=False)
                write(k, futures.pop(k).result())
    finally:
        close()
    return path


def stream_scenario(scenario: Scenario, path, *, executor: str = "local", chunk_size: int = 500,
                    progress: Callable[[int], None] | None = None, float32: bool = False) -> xr.Dataset:
    """``myokinetics simulate --output FILE.zarr [--executor local|dask|ADDRESS]``: stream ``scenario``'s result to
    ``path`` (:func:`stream`) and return it opened lazily.  ``executor``: ``local``, ``dask`` (a LocalCluster of
    two workers) or a Dask scheduler's address (``tcp://host:8786``)."""
    scheduler = None
    if "://" in executor:
        executor, scheduler = "dask", executor
    elif executor not in EXECUTORS:
        raise InputError("--executor", executor, "local, dask or a Dask scheduler address such as tcp://host:8786")
    stream(Simulation(scenario), path, chunk_size=chunk_size, executor=executor, scheduler=scheduler,
           progress=progress, float32=float32)
    return open_result(path)


def open_result(path) -> xr.Dataset:
    """A streamed result (:func:`stream`), opened lazily (chunked by subjects); text is fixed-width (``<U``) again,
    as in the in-memory result."""
    ds = xr.open_zarr(path)
    for name, var in list(ds.variables.items()):
        if var.dtype.kind in "OT":
            vals = var.values
            text = np.array([str(x) for x in vals.ravel()]).reshape(vals.shape)
            new = xr.Variable(var.dims, text, var.attrs)
            ds = ds.assign_coords({name: new}) if name in ds.coords else ds.assign({name: new})
    return ds
