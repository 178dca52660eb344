"""The ``myokinetics`` command line: a thin layer over the Python API.

One function per command.  Every error the user can cause (a
:class:`~myokinetics.errors.MyokineticsError`, a missing file, an unwritable
path) is printed as one line on stderr and exits with code 2; no traceback.
"""
from __future__ import annotations

import functools
import re
import sys
from importlib import resources
from pathlib import Path
from typing import List, Optional

import typer

from myokinetics.errors import InputError, MyokineticsError

app = typer.Typer(
    name="myokinetics",
    help="Simulate what resistance training does to the body: stimulus, nervous system, myokines and adaptations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)

#: Output formats of `myokinetics graph` (.html: interactive).
GRAPH_FORMATS = (".png", ".svg", ".pdf", ".html")
#: Default hours simulated for a single --session workout.
DEFAULT_SESSION_HOURS = 72.0


# --------------------------------------------------------------------------- helpers
def fail(message: str, code: int = 2):
    """Print ``error: message`` as one line on stderr and exit."""
    typer.echo("error: " + " ".join(str(message).split()), err=True)
    raise typer.Exit(code)


def handle_errors(func):
    """Turn user errors into one stderr line and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except MyokineticsError as exc:
            fail(str(exc))
        except FileNotFoundError as exc:
            fail(f"{exc.filename or exc}: file not found")
        except (PermissionError, IsADirectoryError, NotADirectoryError) as exc:
            fail(f"{exc.filename or ''}: {exc.strerror or exc}".strip(": "))

    return wrapper


def _console(stderr: bool = False):
    """A Rich console; when writing to a file or pipe, wide enough that tables are not squeezed."""
    import os

    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = None
    if not stream.isatty() and not os.environ.get("COLUMNS"):
        width = 120
    return Console(stderr=stderr, highlight=False, width=width)


def load_default_scenario():
    """The built-in scenario (an untrained 30-year-old man, 12 weeks of a 3-day full-body program)."""
    import yaml

    from myokinetics.io.scenario import Scenario

    text = resources.files("myokinetics.data").joinpath("default_scenario.yaml").read_text(encoding="utf-8")
    return Scenario.from_dict(yaml.safe_load(text), source="default_scenario.yaml")


def session_output_interval(hours: float) -> float:
    """Output interval (h) for a single-workout run: fine enough for minute-scale cytokines."""
    if hours <= 96:
        return 5 / 60
    if hours <= 14 * 24:
        return 0.25
    return 1.0


def _with(scenario, **changes):
    """A copy of ``scenario`` with some constructor arguments changed (validated again)."""
    from myokinetics.io.scenario import Scenario

    return scenario.replace(**changes)


def build_scenario(scenario_path: Optional[Path], sessions: Optional[List[str]], hours: Optional[float],
                   n: Optional[int], seed: Optional[int]):
    """The Scenario a ``simulate`` call describes (file, --session or the default), with option overrides."""
    import dataclasses

    from myokinetics.io.scenario import Scenario
    from myokinetics.population.cohort import CohortSpec
    from myokinetics.program.parse import parse_session

    if hours is not None and not (hours > 0 and hours < float("inf")):
        raise InputError("--hours", hours, "a positive number of hours")
    if n is not None and n < 1:
        raise InputError("--n", n, "a whole number of subjects >= 1")
    if seed is not None and seed < 0:
        raise InputError("--seed", seed, "a whole number >= 0")
    if sessions and scenario_path is not None:
        raise InputError("--session", sessions[0], "either a scenario file or --session, not both")

    if sessions:
        duration = hours if hours is not None else DEFAULT_SESSION_HOURS
        cohort = CohortSpec(n=n if n is not None else 1, seed=seed if seed is not None else 0)
        return Scenario("session", duration, cohort, session=parse_session(list(sessions), "session"),
                        output_every_h=min(session_output_interval(duration), duration))

    scenario = Scenario.from_yaml(scenario_path) if scenario_path is not None else load_default_scenario()
    changes = {}
    if hours is not None:
        if hours < scenario.output_every_h:
            raise InputError("--hours", hours, f"at least the scenario's output interval ({scenario.output_every_h:g} h)")
        changes["duration_h"] = hours
    if n is not None or seed is not None:
        cohort = scenario.cohort
        changes["cohort"] = dataclasses.replace(cohort, n=n if n is not None else cohort.n,
                                                seed=seed if seed is not None else cohort.seed)
    return _with(scenario, **changes) if changes else scenario


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "scenario"


def _check_output_path(path: Path, field: str) -> Path:
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(field, str(path), "a path in an existing folder", f"folder {str(parent)!r} does not exist")
    if path.is_dir():
        raise InputError(field, str(path), "a file path, not a folder")
    return path


def _run(scenario, quiet: bool, model=None, stream_to: Optional[Path] = None, executor: str = "local"):
    """Simulate ``scenario``; a progress bar on a terminal, and a notice when the kernel must be compiled first.
    ``stream_to``: a .zarr store written chunk by chunk while simulating (myokinetics.pipeline.stream)."""
    import time

    from myokinetics.api import simulate as run_simulation

    if stream_to is not None:
        from myokinetics.pipeline import stream_scenario

        def run_simulation(sc, progress=None, model=None):
            return stream_scenario(sc, stream_to, executor=executor, progress=progress)

    cold = _compile_notice(model, quiet)
    t0 = time.perf_counter()
    n = scenario.cohort.n
    show = not quiet and sys.stderr.isatty()
    if not show:
        ds = run_simulation(scenario, model=model)
    else:
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn,
                                   TimeElapsedColumn)

        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("subjects"), TimeElapsedColumn(), console=_console(stderr=True),
                      transient=True) as bar:
            task = bar.add_task("compiling the kernel, then simulating" if cold else "simulating", total=n)

            def advance(k):
                bar.update(task, advance=k, description="simulating")

            ds = run_simulation(scenario, progress=advance, model=model)
    if cold:
        from myokinetics.engine.kernel_cache import record_compile_seconds

        record_compile_seconds(time.perf_counter() - t0)
    return ds


def _compile_notice(model, quiet: bool) -> bool:
    """Say on stderr that the kernel is about to be compiled (and roughly how long that takes); True if so."""
    if model is None:
        return False
    from myokinetics.engine.kernel_cache import compile_notice, kernel_cached

    from myokinetics.engine import codegen

    if kernel_cached(model):
        return False
    codegen.ANNOUNCED_BY_CALLER = True      # the engine's own compile message would repeat this one
    if not quiet:
        _console(stderr=True).print(compile_notice(), soft_wrap=True, highlight=False, markup=False)
    return True


# --------------------------------------------------------------------------- commands
def _version(value: bool):
    if value:
        from myokinetics import __version__

        typer.echo(f"myokinetics {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Show the version and exit.")):
    """Simulate what resistance training does to the body: stimulus, nervous system, myokines and adaptations."""


@app.command()
@handle_errors
def simulate(
    scenario: Optional[Path] = typer.Argument(None, metavar="SCENARIO.yaml",
                                              help="Scenario file (default: the built-in 12-week beginner program)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE",
                                          help="Write the results: .nc (NetCDF), .zarr (Zarr store), .csv or .parquet "
                                               "(long table: one row per subject, time, muscle/exercise and variable)."),
    plot: Optional[Path] = typer.Option(None, "--plot", "-p", metavar="FILE",
                                        help="Plot file: .png, .svg, .pdf, or .html for an interactive page "
                                             "(default: myokinetics-<name>.png)."),
    session: Optional[List[str]] = typer.Option(
        None, "--session", "-s", metavar="TEXT",
        help="One workout in the text shorthand, e.g. 'Back squat 4x8 @ 75% 1RM, rest 2 min'. "
             "Repeat to add exercises; simulated from t = 0."),
    hours: Optional[float] = typer.Option(None, "--hours", metavar="H", help=f"Hours to simulate (--session default: "
                                                                   f"{DEFAULT_SESSION_HOURS:g}; else the scenario's)."),
    n: Optional[int] = typer.Option(None, "--n", "-n", metavar="N", help="Number of subjects (a virtual cohort)."),
    seed: Optional[int] = typer.Option(None, "--seed", metavar="S", help="Random seed of the cohort."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, compile notice or summary table."),
    detail: bool = typer.Option(False, "--detail", help="Print every variable (not only the headline outcomes)."),
    variables: Optional[str] = typer.Option(None, "--variables", metavar="A,B,...",
                                            help="Print these variables in full (comma-separated), e.g. il6,mps."),
    plot_all: bool = typer.Option(False, "--plot-all", help="Plot every variable (not only the headline panels)."),
    no_plot: bool = typer.Option(False, "--no-plot", help="Write no plot."),
    block: Optional[List[str]] = typer.Option(
        None, "--block", metavar="MESSENGER", help="Block a messenger's signalling for the whole run (repeatable): 'il6' "
                                                   "(every route), 'il6->adipose' (one route) or 'il6:0.5' (half)."),
    executor: str = typer.Option("local", "--executor", metavar="local|dask|ADDRESS",
                                 help="With --output FILE.zarr (written chunk by chunk while simulating): simulate the "
                                      "subject chunks here, on a local Dask cluster, or on a Dask scheduler (tcp://host:port)."),
):
    """Simulate a scenario file, one --session workout, or the built-in default scenario."""
    from myokinetics.engine.result import result_variable_names
    from myokinetics.io.results import check_results_path, missing_writer, write_results
    from myokinetics.models import build_model
    from myokinetics.plots import check_plot_path, plot_result, plotly_available
    from myokinetics.summary import check_variables, print_headline, print_summary

    from myokinetics.interventions import from_cli
    sc = build_scenario(scenario, session, hours, n, seed)
    if block:
        sc = sc.replace(interventions=tuple(sc.interventions) + from_cli(block))
    if no_plot and (plot is not None or plot_all):
        raise InputError("--no-plot", "--plot" if plot is not None else "--plot-all", "either --no-plot or a plot")
    plot_path = None
    if not no_plot:
        plot_path = check_plot_path(plot if plot is not None else Path(f"myokinetics-{_safe_name(sc.name)}.png"))
    streamed = output is not None and output.suffix.lower() == ".zarr"     # written chunk by chunk while simulating
    if executor != "local" and not streamed:
        raise InputError("--executor", executor, "local, unless --output is a .zarr store (streamed in chunks)")
    if output is not None:
        check_results_path(output, "--output")
        need = missing_writer(output)
        if need is not None:
            raise InputError("--output", str(output), f"a format whose writer is installed ({output.suffix} needs "
                                                      f"{need}: pip install 'myokinetics[formats]')")
    if detail and variables is not None:
        raise InputError("--variables", variables, "either --detail (every variable) or --variables, not both")

    model = build_model(sc.parameters) if sc.parameters else build_model()
    wanted = None
    if variables is not None:
        wanted = check_variables(result_variable_names(model), variables, "--variables")
    ds = _run(sc, quiet, model, output if streamed else None, executor)

    out = _console()
    if wanted is not None:
        print_summary(ds, out, [v for v in wanted if v in ds])
    elif detail:
        print_summary(ds, out)
    elif not quiet:
        print_headline(ds, out, sc)
    if output is not None:
        if not streamed:
            write_results(ds, output, "--output")
        out.print(f"results written to {output}" + (" (Zarr, streamed)" if streamed else ""), soft_wrap=True)
    if plot_path is not None:
        plot_result(ds, plot_path, all_variables=plot_all, scenario=sc)
        static = plot_path.suffix.lower() == ".html" and not plotly_available()
        out.print(f"plot written to {plot_path}" + (" (a static image: pip install 'myokinetics[plot]' for an "
                                                     "interactive one)" if static else ""), soft_wrap=True)


@app.command()
@handle_errors
def exercises(query: Optional[str] = typer.Argument(None, help="Filter by name, alias, equipment or muscle.")):
    """List the exercise library (optionally filtered)."""
    from rich.table import Table

    from myokinetics.errors import close_matches
    from myokinetics.program.library import get_library

    lib = get_library()
    hits = lib.search(query) if query else list(lib)
    if not hits:
        close = close_matches(query, lib.names)
        fail(f"no exercise matches {query!r}" + (f" (did you mean {', '.join(map(repr, close))}?)" if close else ""),
             code=1)
    table = Table(title=f"{len(hits)} exercise{'s' if len(hits) != 1 else ''}"
                        + (f" matching {query!r}" if query else ""), title_justify="left")
    for col in ("name", "modality", "muscles (involvement)", "eccentric", "laterality"):
        table.add_column(col, justify="right" if col == "eccentric" else "left")
    for ex in hits:
        muscles = ", ".join(f"{m} {v:g}" for m, v in sorted(ex.muscles.items(), key=lambda kv: -kv[1]))
        table.add_row(ex.name, ex.modality, muscles, f"{ex.eccentric:g}", ex.laterality)
    _console().print(table)


@app.command()
@handle_errors
def schema():
    """Print the JSON Schema of scenario files."""
    import json

    from myokinetics.io.scenario import json_schema

    typer.echo(json.dumps(json_schema(), indent=2))


def _missing(what: str, exc: ImportError):
    fail(f"{what} is not available in this installation ({exc})", code=1)


@app.command()
@handle_errors
def explain(name: str = typer.Argument(..., help="A variable, parameter or module name, e.g. il6.")):
    """Explain a model variable: what drives it, what it drives, with sources."""
    try:
        from myokinetics.model.explain import explain as explain_name
    except ImportError as exc:
        _missing("explain", exc)
    if name == "rmr":   # the per-tissue breakdown of resting metabolic rate (modules/body/energy.py)
        from myokinetics.modules.body.energy import explain_rmr

        typer.echo(explain_rmr())
        return
    from myokinetics.models import build_model

    typer.echo(explain_name(build_model(), name))


@app.command()
@handle_errors
def graph(output: Path = typer.Option(Path("myokinetics-graph.png"), "--output", "-o", metavar="FILE",
                                      help="Image (.png, .svg, .pdf) or interactive, self-contained page (.html)."),
          effects: bool = typer.Option(True, "--effects/--no-effects",
                                       help="Width of each route by its effect size in the default scenario (each route "
                                            "blocked alone: about a second per route)."),
          organ: Optional[str] = typer.Option(None, "--organ", metavar="NAME",
                                              help="Only this organ, the edges that touch it and its neighbours."),
          json_file: Optional[Path] = typer.Option(None, "--json", metavar="FILE", help="Also write the graph data as JSON.")):
    """Draw the signalling graph: organs as groups, the acting messenger routes and the flows between organs."""
    try:
        from myokinetics.model.graph import draw_graph, signalling_graph
    except ImportError as exc:
        _missing("graph", exc)
    import json
    import time

    from myokinetics.models import build_model

    _check_output_path(output, "--output")
    if output.suffix.lower() not in GRAPH_FORMATS:
        raise InputError("--output", str(output), "a file ending in " + ", ".join(GRAPH_FORMATS))
    if json_file is not None:
        _check_output_path(json_file, "--json")
    if output.suffix.lower() == ".html":
        try:
            import plotly  # noqa: F401
        except ImportError as exc:
            _missing("the interactive graph (pip install 'myokinetics[graph]')", exc)
    model = build_model()
    g = signalling_graph(model, organ=organ)          # an unknown --organ fails here, before the slow part
    routes = [e["route"] for e in g["edges"] if e["kind"] != "flow"]
    if effects and routes:
        from myokinetics.interventions import route_effects

        typer.echo(f"computing the effect size of {len(routes)} route{'s' if len(routes) != 1 else ''} in the default "
                   "scenario (each blocked alone; --no-effects skips this) ...", err=True)
        t0 = time.perf_counter()
        sizes = route_effects(load_default_scenario(), model, only=routes)
        typer.echo(f"effect sizes computed in {time.perf_counter() - t0:.1f} s", err=True)
        g = signalling_graph(model, sizes, organ)
    draw_graph(model, output, graph=g)
    if json_file is not None:
        json_file.write_text(json.dumps(g, indent=1) + "\n", encoding="utf-8")
        typer.echo(f"graph data written to {json_file}")
    typer.echo(f"graph written to {output}")


@app.command()
@handle_errors
def cite(scenario: Optional[Path] = typer.Argument(None, metavar="SCENARIO.yaml",
                                                   help="Only the sources a simulation of this scenario uses.")):
    """Print the references behind the model (or behind one scenario's simulation)."""
    try:
        from myokinetics.evidence.citations import format_citations
    except ImportError as exc:
        _missing("cite", exc)
    if scenario is None:
        from myokinetics.models import build_model

        keys = sorted(build_model().citations)
    else:
        from myokinetics.api import simulate as run_simulation
        from myokinetics.io.scenario import Scenario

        ds = run_simulation(Scenario.from_yaml(scenario))
        keys = [k.strip() for k in str(ds.attrs.get("citations", "")).split(",") if k.strip()]
    typer.echo(format_citations(keys))


def _fmt_value(v) -> str:
    if isinstance(v, (int, float)):
        return f"{v:.4g}"
    if isinstance(v, (tuple, list)) and all(isinstance(x, (int, float)) for x in v):
        return "–".join(f"{x:.4g}" for x in v)
    return str(v)


@app.command()
@handle_errors
def validate(
    report: Optional[Path] = typer.Option(None, "--report", metavar="FILE.html", help="Write an HTML validation report here."),
    study: Optional[List[str]] = typer.Option(None, "--study", metavar="ID", help="Run only this study id (repeatable)."),
    jobs: int = typer.Option(1, "--jobs", "-j", metavar="N", help="Worker processes (studies sharing a protocol share one)."),
    null: bool = typer.Option(False, "--null/--no-null", help="Also run each study with its program removed: an effect "
                                                           "study must then fail, a study of no change must pass."),
    role: Optional[str] = typer.Option(None, "--role", metavar="ROLE", help="Only calibration or validation studies."),
):
    """Run the validation studies against published data; exit 1 if any fails (set-aside studies count as failures)."""
    try:
        from myokinetics.validation.study import ROLES, load_studies, run_all
    except ImportError as exc:
        _missing("validate", exc)
    from rich.table import Table

    if report is not None:
        _check_output_path(report, "--report")
    if jobs < 1:
        raise InputError("--jobs", jobs, "a whole number >= 1")
    if role is not None and role not in ROLES:
        raise InputError("--role", role, " or ".join(ROLES))
    ids = list(study) if study else None
    if role is not None:
        ids = [s.id for s in load_studies() if s.role == role and (ids is None or s.id in ids)]
    n_total = len(ids) if ids is not None else len(load_studies())
    err = _console(stderr=True)
    counts = {"PASS": 0, "FAIL": 0, "SET ASIDE": 0}

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    bar = Progress(TextColumn("validating"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[counts]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                   console=err, transient=True, disable=not sys.stderr.isatty())
    task = bar.add_task("studies", total=n_total, counts="")

    def progress(r):
        counts[r.verdict] += 1
        bar.update(task, advance=1, counts=f"{counts['PASS']} pass, {counts['FAIL'] + counts['SET ASIDE']} fail")

    with bar:
        results = run_all(ids=ids, jobs=jobs, progress=progress, null=null)
    table = Table(title=f"{len(results)} validation stud{'y' if len(results) == 1 else 'ies'}", title_justify="left")
    for col in ("id", "role", "what", "observed", "tolerance", "simulated", "result") + (("null",) if null else ()):
        table.add_column(col)
    for r in results:
        s = r.study
        row = [str(s.id), s.role, str(s.title), _fmt_value(s.observed), _fmt_value(s.tolerance),
               _fmt_value(r.simulated), {"PASS": "[green]PASS[/]", "FAIL": "[red]FAIL[/]"}.get(r.verdict, "[red]FAIL[/] (set aside)")]
        if null:
            nc = r.null
            row.append(f"n/a: {nc.reason}" if not nc.applicable else (f"{_fmt_value(nc.simulated)} " +
                       ("[green]ok[/]" if nc.discriminates else "[red]does not discriminate[/]")))
        table.add_row(*row)
    out = _console()
    out.print(table)
    from myokinetics.validation.report import totals

    out.print(totals(results), soft_wrap=True)
    for r in results:
        if r.verdict == "SET ASIDE":
            out.print(f"set aside {r.study.id}: {r.study.set_aside}", soft_wrap=True)
    if null:
        bad = [r.study.id for r in results if r.null.applicable and not r.null.discriminates]
        na = [r.study.id for r in results if not r.null.applicable]
        out.print(f"null check: {len(results) - len(bad) - len(na)} discriminate, {len(bad)} do not"
                  + (f" ({', '.join(bad)})" if bad else "") + (f"; {len(na)} have no training to remove ({', '.join(na)})" if na else ""),
                  soft_wrap=True)
    from myokinetics.validation.study import untested_targets
    untested = untested_targets()
    if untested and not study:
        out.print(f"{len(untested)} acute targets have no study ({', '.join(u['evidence'] for u in untested)}); "
                  "the reasons are in docs/validation.md", soft_wrap=True)
    if report is not None:
        from myokinetics.validation.report import write_report

        write_report(results, report)
        out.print(f"report written to {report}", soft_wrap=True)
    if any(not r.counts_as_pass for r in results):
        raise typer.Exit(1)


@app.command()
@handle_errors
def trial(
    trial_file: Path = typer.Argument(..., metavar="TRIAL.yaml", help="Trial file: arms, shared subjects, outcomes."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE.json|FILE.csv",
                                          help="Write the results: .json (design, summary, per-subject changes) "
                                               "or .csv (the summary table)."),
    plot: Optional[Path] = typer.Option(None, "--plot", "-p", metavar="FILE",
                                        help="Plot each arm's distribution of change: .png, .svg or .pdf."),
    n: Optional[int] = typer.Option(None, "--n", "-n", metavar="N", help="Subjects per arm (overrides the file)."),
):
    """Run an in-silico randomised trial: mean change ± SD per arm, differences and Hedges' g with 95% intervals."""
    from myokinetics.trial.report import check_output_path, check_plot_path, plot_trial, print_trial, write_results
    from myokinetics.trial.run import run_trial
    from myokinetics.trial.spec import TrialSpec

    spec = TrialSpec.from_yaml(trial_file)
    if n is not None:
        spec = spec.with_n(n)
    if output is not None:
        check_output_path(output, "--output")
    if plot is not None:
        check_plot_path(plot, "--plot")

    from myokinetics.models import build_model

    _compile_notice(build_model(), quiet=False)
    progress = None
    if sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        bar = Progress(TextColumn("simulating {task.description}"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("subjects"), TimeElapsedColumn(), console=_console(stderr=True), transient=True)
        tasks = {a.name: bar.add_task(a.name, total=a.n) for a in spec.arms}
        progress = lambda arm, k: bar.advance(tasks[arm], k)  # noqa: E731
        with bar:
            result = run_trial(spec, progress=progress)
    else:
        result = run_trial(spec)

    out = _console()
    print_trial(result, out)
    if output is not None:
        write_results(result, output, "--output")
        out.print(f"results written to {output}", soft_wrap=True)
    if plot is not None:
        plot_trial(result, plot, "--plot")
        out.print(f"plot written to {plot}", soft_wrap=True)


@app.command()
@handle_errors
def compare(
    session: Optional[List[str]] = typer.Option(
        None, "--session", "-s", metavar="TEXT",
        help="One workout in the text shorthand (repeat for each workout to compare); join several exercises of one "
             "workout with ';', e.g. 'Back squat 5x5 @ 85% 1RM; Bench press 3x8 @ 75% 1RM'."),
    hours: float = typer.Option(DEFAULT_SESSION_HOURS, "--hours", metavar="H", help="Hours simulated after each workout."),
    observable: Optional[List[str]] = typer.Option(
        None, "--observable", metavar="NAME", help="Observable to compare (repeatable; default: every whole-body time "
                                                   "series): il6, or a per-muscle / per-exercise one such as mps (each "
                                                   "trained muscle) or mps[quadriceps]."),
    plot: Path = typer.Option(Path("myokinetics-compare.png"), "--plot", "-p", metavar="FILE",
                              help="Plot file (.png, .svg or .pdf): one panel per observable, one line per workout."),
    block: Optional[List[str]] = typer.Option(
        None, "--block", metavar="MESSENGER", help="Also run each workout with this messenger blocked (repeatable; "
                                                   "'il6', 'il6->adipose', 'il6:0.5'): arms that differ only by the block."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE.csv", help="Also write the table as CSV."),
    n: int = typer.Option(1, "--n", "-n", metavar="N", help="Number of subjects (the same cohort for every workout)."),
    seed: int = typer.Option(0, "--seed", metavar="S", help="Random seed of the cohort."),
):
    """Simulate several workouts for the same subject and compare peak, time to peak and area above baseline."""
    from rich.markup import escape
    from rich.table import Table

    from myokinetics.api import simulate as run_simulation
    from myokinetics.compare import check_compare_plot_path, compare as compare_results, plot_compare, split_workout, write_csv
    from myokinetics.program.parse import parse_session

    from myokinetics.interventions import from_cli
    if not session:
        raise InputError("--session", "(none)", "at least one --session workout to compare")
    blocks = from_cli(block)
    plot_path = check_compare_plot_path(plot)
    if output is not None:
        _check_output_path(output, "--output")
        if output.suffix.lower() != ".csv":
            raise InputError("--output", str(output), "a file ending in .csv")
    from myokinetics.compare import split_key
    from myokinetics.engine.result import result_variable_names
    from myokinetics.errors import UnknownNameError
    from myokinetics.models import build_model

    scenarios = {}
    for i, text in enumerate(session):          # every workout and option is checked before anything runs
        parts = split_workout(text, f"--session[{i + 1}]")
        parse_session(parts, f"--session[{i + 1}]")          # errors name the workout
        label = " ".join(str(text).split())
        if label in scenarios:
            label = f"{label} (#{i + 1})"
        scenarios[label] = build_scenario(None, parts, hours, n, seed)
        if blocks:
            # the same subjects and workout, differing only by the intervention
            sc0 = scenarios[label]
            scenarios[f"{label} + block {', '.join(block)}"] = sc0.replace(interventions=tuple(sc0.interventions) + blocks)
    model = build_model()
    known = result_variable_names(model)
    for key in observable or ():
        if split_key(key)[0] not in known:
            raise UnknownNameError("--observable", key, known, "a time series of the result, e.g. il6, mps or "
                                                               "mps[quadriceps]")
    _compile_notice(model, quiet=False)
    datasets = {label: run_simulation(sc, model=model) for label, sc in scenarios.items()}
    rows = compare_results(datasets, list(observable) if observable else None)

    table = Table(title=f"{len(datasets)} workout{'s' if len(datasets) != 1 else ''} compared over {hours:g} h"
                        + (f" ({n} subjects, mean)" if n > 1 else ""), title_justify="left")
    for col in ("observable", "workout", "baseline", "peak", "time to peak (h)", "AUC above baseline"):
        table.add_column(col, justify="left" if col in ("observable", "workout") else "right")
    last = None
    for r in rows:
        unit = f" ({r.units})" if r.units and r.units != "1" else ""
        table.add_row(escape(f"{r.observable}{unit}") if r.observable != last else "", escape(r.workout),
                      _fmt_value(r.baseline),
                      _fmt_value(r.peak), _fmt_value(r.time_to_peak_h),
                      _fmt_value(r.auc_above_baseline) + (f" {r.units}·h" if r.units and r.units != "1" else " h"),
                      end_section=False)
        last = r.observable
    out = _console()
    out.print(table)
    if output is not None:
        try:
            write_csv(rows, output)
        except OSError as exc:
            raise InputError("--output", str(output), "a writable CSV path", str(exc)) from None
        out.print(f"table written to {output}", soft_wrap=True)
    names = list(dict.fromkeys(r.observable for r in rows))
    plot_compare(datasets, names, plot_path)
    out.print(f"plot written to {plot_path}", soft_wrap=True)


@app.command()
@handle_errors
def calibrate(
    group: Optional[str] = typer.Option(None, "--group", metavar="NAME", help="Refit only this fit group (or the "
                                        "group of this fitted parameter); see --list."),
    list_: bool = typer.Option(False, "--list", help="List the fit groups, their parameters and calibration studies "
                                                      "without simulating."),
    petab_dir: Optional[Path] = typer.Option(None, "--petab", metavar="DIR", help="Write the calibration problem as a "
                                             "PEtab problem (problem.yaml and its tables) into this folder."),
    max_nfev: int = typer.Option(100, "--max-nfev", metavar="N", help="Most least-squares evaluations per group."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Print the cost of every evaluation."),
):
    """Refit every fitted parameter from its declared calibration studies: estimates, 95% CIs, unidentifiable ones."""
    if max_nfev < 1:
        raise InputError("--max-nfev", max_nfev, "a whole number >= 1")
    if petab_dir is not None and petab_dir.exists() and not petab_dir.is_dir():
        raise InputError("--petab", str(petab_dir), "a folder (it is created if missing)")
    try:
        from myokinetics.validation.calibrate import run as run_calibration
    except ImportError as exc:
        _missing("calibrate", exc)
    if petab_dir is not None:
        try:
            import petab  # noqa: F401
        except ImportError as exc:
            _missing("calibrate --petab", exc)
    run_calibration(group, list_, petab_dir, max_nfev, echo=lambda m: typer.echo(m), verbose=verbose)


@app.command("import")
@handle_errors
def import_(
    log: Path = typer.Argument(..., metavar="LOG", help="A training-log export: Strong, Hevy, FitNotes or JEFIT CSV, "
                                                        "Garmin FIT, or wger JSON/CSV."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", metavar="FORMAT",
                                      help="strong, hevy, fitnotes, jefit, fit or wger (default: detected from the file)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="SCENARIO.yaml",
                                          help="Write the scenario here (default: print it)."),
    unit: Optional[str] = typer.Option(None, "--unit", metavar="kg|lb",
                                       help="Weight unit of layouts that do not state it (Strong legacy, JEFIT logs)."),
    include_warmups: bool = typer.Option(False, "--include-warmups", help="Simulate warm-up sets too (default: listed "
                                                                          "as comments, not simulated)."),
    cardio_intensity: Optional[float] = typer.Option(None, "--cardio-intensity", metavar="PCT",
                                                     help="Simulate logged cardio at this % VO2max (default: not simulated)."),
    name: Optional[str] = typer.Option(None, "--name", help="Scenario name (default: the file name)."),
    sex: Optional[str] = typer.Option(None, "--sex", metavar="male|female", help="The lifter's sex."),
    age: Optional[float] = typer.Option(None, "--age", metavar="YEARS", help="The lifter's age."),
    body_mass: Optional[str] = typer.Option(None, "--body-mass", metavar="KG", help="e.g. '82 kg' or '180 lb'."),
    training_status: Optional[str] = typer.Option(None, "--training-status", metavar="STATUS",
                                                  help="untrained, recreational or trained."),
):
    """Turn a training log into a scenario file with dated sessions (run it with `myokinetics simulate`)."""
    from myokinetics.io.importers import ImportOptions, import_log

    if output is not None:
        _check_output_path(output, "--output")
    if cardio_intensity is not None and not 0 < cardio_intensity <= 130:
        raise InputError("--cardio-intensity", cardio_intensity, "a % VO2max in (0, 130]")
    subjects = {k: v for k, v in (("sex", sex), ("age", age), ("body_mass", body_mass),
                                  ("training_status", training_status)) if v is not None}
    result = import_log(log, fmt, unit, ImportOptions(include_warmups, cardio_intensity, name, subjects))
    for line in result.summary_lines():
        typer.echo(line, err=True)
    if output is None:
        typer.echo(result.text, nl=False)
        return
    try:
        output.write_text(result.text, encoding="utf-8")
    except OSError as exc:
        raise InputError("--output", str(output), "a writable path", exc.strerror or str(exc)) from None
    typer.echo(f"scenario written to {output} (run it with: myokinetics simulate {output})", err=True)


def _import_for_fit(log, fmt, unit, sex, age, body_mass):
    from myokinetics.io.importers import ImportOptions, import_log

    subjects = {k: v for k, v in (("sex", sex), ("age", age), ("body_mass", body_mass)) if v is not None}
    return import_log(log, fmt, unit, ImportOptions(subjects=subjects))


@app.command("fit")
@handle_errors
def fit_cmd(
    log: Path = typer.Argument(..., metavar="LOG", help="A training log (any format `myokinetics import` reads)."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", metavar="FORMAT", help="Log format (default: detected)."),
    unit: Optional[str] = typer.Option(None, "--unit", metavar="kg|lb", help="Weight unit where the log does not say."),
    window: float = typer.Option(14, "--window", metavar="DAYS", help="Days of each exercise's first sessions used."),
    sex: Optional[str] = typer.Option(None, "--sex", metavar="male|female", help="The lifter's sex (for the prior)."),
    age: Optional[float] = typer.Option(None, "--age", metavar="YEARS", help="The lifter's age."),
    body_mass: Optional[str] = typer.Option(None, "--body-mass", metavar="KG", help="Body mass (for the prior), e.g. '82 kg'."),
):
    """Estimate the starting 1RM of every logged exercise (median and 95% interval, with a stated prior)."""
    from rich.table import Table

    from myokinetics.personal.fit import PRIOR_CV, detrend_by_simulation, fit_log

    if not 1 <= window <= 365:
        raise InputError("--window", window, "a number of days from 1 to 365")
    result = _import_for_fit(log, fmt, unit, sex, age, body_mass)
    fits = fit_log(result, window_days=window)
    if not fits:
        raise InputError("LOG", str(log), "a log with weighted sets of a library exercise", "no set has a kg load")
    detrend, _ = detrend_by_simulation(result, fits)
    fits = fit_log(result, window_days=window, detrend=detrend)
    table = Table(title=f"Starting 1RM from {log.name} (first {window:g} days of each exercise)", title_justify="left")
    for col in ("exercise", "1RM (kg)", "95% interval", "sessions", "sets", "session e1RMs (kg)", "prior (kg)"):
        table.add_column(col, justify="left" if col == "exercise" else "right")
    for f in fits:
        lo, hi = f.spread_kg
        table.add_row(f.name, f"{f.median_kg:.1f}", f"{f.lo_kg:.1f}–{f.hi_kg:.1f}", str(f.sessions),
                      str(f.sets) + (f" ({f.assumed_rir_sets} RIR assumed)" if f.assumed_rir_sets else ""),
                      f"{lo:.1f}–{hi:.1f}", f"{f.prior_kg:.0f}")
    out = _console()
    out.print(table)
    fitted = {f.exercise_id for f in fits}
    others = sorted({e.match.exercise_id for e in result.entries if e.match.mapped} - fitted)
    if others:
        out.print("not fitted (no sets with a kg load of <= 10 reps to failure): " + ", ".join(others), soft_wrap=True)
    out.print(f"e1RM = weight / fraction_1rm_for(reps + RIR) (the simulator's curve); RIR from RPE/RIR, else 2 assumed; "
              f"prior: the simulator's default 1RM for the body mass, CV {PRIOR_CV:.0%} (the cohort model's spread); "
              "gains within the window removed with the simulated 1RM; see docs/importers.md", soft_wrap=True)


@app.command()
@handle_errors
def predict(
    log: Path = typer.Argument(..., metavar="LOG", help="A training log (any format `myokinetics import` reads)."),
    weeks: int = typer.Option(12, "--weeks", metavar="N", help="Weeks to project after the log."),
    program: Optional[Path] = typer.Option(None, "--program", metavar="NEW.yaml",
                                           help="Scenario file whose program: is the plan (default: the last logged "
                                                "week repeated, same loads)."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", metavar="FORMAT", help="Log format (default: detected)."),
    unit: Optional[str] = typer.Option(None, "--unit", metavar="kg|lb", help="Weight unit where the log does not say."),
    n: int = typer.Option(20, "--n", "-n", metavar="N", help="Subjects of the cohort that gives the interval."),
    seed: int = typer.Option(0, "--seed", metavar="S", help="Random seed of the cohort."),
    holdout_weeks: Optional[int] = typer.Option(None, "--holdout", metavar="WEEKS",
                                                help="Instead: fit without the log's last WEEKS weeks and compare the "
                                                     "prediction with them."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE.csv", help="Write the weekly table as CSV."),
    sex: Optional[str] = typer.Option(None, "--sex", metavar="male|female", help="The lifter's sex."),
    age: Optional[float] = typer.Option(None, "--age", metavar="YEARS", help="The lifter's age."),
    body_mass: Optional[str] = typer.Option(None, "--body-mass", metavar="KG", help="Body mass, e.g. '82 kg'."),
):
    """Project each lift's 1RM over the next weeks (median and 95% prediction interval from a cohort)."""
    import csv

    from rich.table import Table

    from myokinetics.personal.predict import holdout, predict as run_predict

    if output is not None:
        _check_output_path(output, "--output")
        if output.suffix.lower() != ".csv":
            raise InputError("--output", str(output), "a file ending in .csv")
    if program is not None and not program.exists():
        raise InputError("--program", str(program), "an existing scenario file")
    result = _import_for_fit(log, fmt, unit, sex, age, body_mass)
    out = _console()
    if holdout_weeks is not None:
        if holdout_weeks < 1:
            raise InputError("--holdout", holdout_weeks, "a whole number of weeks >= 1")
        h = holdout(result, holdout_weeks, n=n, seed=seed)
        table = Table(title=f"Hold-out: fitted without the last {holdout_weeks} weeks (from {h.cutoff:%Y-%m-%d})",
                      title_justify="left")
        for col in ("exercise", "sessions", "mean |error|", "in 95% interval"):
            table.add_column(col, justify="left" if col == "exercise" else "right")
        for eid, (mape, cov, k) in h.by_exercise().items():
            table.add_row(eid, str(k), f"{100 * mape:.1f}%", f"{100 * cov:.0f}%")
        out.print(table)
        out.print(f"all: mean |error| {100 * h.mape:.1f}%, mean error {100 * h.bias:+.1f}% (predicted − observed e1RM), "
                  f"{100 * h.coverage:.0f}% of {len(h.rows)} held-out session e1RMs in the 95% interval", soft_wrap=True)
        return
    pred = run_predict(result, weeks, program, n=n, seed=seed)
    table = Table(title=f"Predicted 1RM (kg): median [95% interval], {pred.n_subjects} simulated subjects; plan: {pred.plan}",
                  title_justify="left")
    ids = list(pred.fits)
    table.add_column("week")
    table.add_column("date")
    for eid in ids:
        table.add_column(pred.fits[eid].name, justify="right")
    rows = []
    last = int(pred.days[-1])
    for day in list(range(0, last + 1, 7)) + ([last] if last % 7 else []):
        date = pred.start + __import__("datetime").timedelta(days=day)
        cells = []
        for eid in ids:
            m, lo, hi = pred.at(eid, day)
            cells.append(f"{m:.1f} [{lo:.1f}–{hi:.1f}]")
            rows.append([day // 7, date.isoformat(), eid, f"{m:.2f}", f"{lo:.2f}", f"{hi:.2f}",
                         "projected" if day >= pred.future_from_day else "logged"])
        marker = " *" if day >= pred.future_from_day else ""
        table.add_row(f"{day // 7}{marker}", date.isoformat(), *cells)
    out.print(table)
    out.print("* projected weeks. The interval combines the model's between-subject variability in the response "
              "and the uncertainty of the fitted starting 1RM (see docs/importers.md).", soft_wrap=True)
    if output is not None:
        try:
            with open(output, "w", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(["week", "date", "exercise", "one_rm_median_kg", "one_rm_lo_kg", "one_rm_hi_kg", "part"])
                w.writerows(rows)
        except OSError as exc:
            raise InputError("--output", str(output), "a writable path", exc.strerror or str(exc)) from None
        out.print(f"table written to {output}", soft_wrap=True)


@app.command()
@handle_errors
def serve(
    host: str = typer.Option("127.0.0.1", "--host", metavar="HOST", help="Address to listen on (0.0.0.0: every "
                             "network interface; the default is this computer only)."),
    port: int = typer.Option(8000, "--port", metavar="PORT", help="Port to listen on."),
    workers: int = typer.Option(1, "--workers", metavar="N", help="Simulation worker processes (requests run at once)."),
):
    """Start the web page and the JSON API (OpenAPI schema at /openapi.json) until Ctrl-C."""
    try:
        from myokinetics.web.app import serve as run_server
    except ImportError as exc:
        fail(f"serve needs the web extra (pip install 'myokinetics[web]'): {exc}", code=1)
    run_server(host, port, workers, echo=lambda m: typer.echo(m, err=True))


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
