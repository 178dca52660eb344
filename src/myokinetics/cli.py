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

#: Image formats of `myokinetics graph`.
GRAPH_FORMATS = (".png", ".svg", ".pdf")
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

    args = dict(name=scenario.name, duration_h=scenario.duration_h, cohort=scenario.cohort, program=scenario.program,
                session=scenario.session, output_every_h=scenario.output_every_h, rtol=scenario.rtol,
                atol=scenario.atol, run_in_h=scenario.run_in_h, parameters=scenario.parameters,
                one_rm=scenario.one_rm, source=scenario.source)
    args.update(changes)
    return Scenario(**args)


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


def _run(scenario, quiet: bool):
    from myokinetics.api import simulate as run_simulation

    n = scenario.cohort.n
    show = not quiet and sys.stderr.isatty()
    if not show:
        return run_simulation(scenario)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("simulating"), BarColumn(), MofNCompleteColumn(), TextColumn("subjects"),
                  TimeElapsedColumn(), console=_console(stderr=True), transient=True) as bar:
        task = bar.add_task("simulate", total=n)
        return run_simulation(scenario, progress=lambda k: bar.advance(task, k))


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
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE.nc", help="Write the results as NetCDF (.nc)."),
    plot: Optional[Path] = typer.Option(None, "--plot", "-p", metavar="FILE",
                                        help="Plot file: .png, .svg, .pdf or .html (default: myokinetics-<name>.png)."),
    session: Optional[List[str]] = typer.Option(
        None, "--session", "-s", metavar="TEXT",
        help="One workout in the text shorthand, e.g. 'Back squat 4x8 @ 75% 1RM, rest 2 min'. "
             "Repeat to add exercises; simulated from t = 0."),
    hours: Optional[float] = typer.Option(None, "--hours", metavar="H", help=f"Hours to simulate (--session default: "
                                                                   f"{DEFAULT_SESSION_HOURS:g}; else the scenario's)."),
    n: Optional[int] = typer.Option(None, "--n", "-n", metavar="N", help="Number of subjects (a virtual cohort)."),
    seed: Optional[int] = typer.Option(None, "--seed", metavar="S", help="Random seed of the cohort."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary table."),
):
    """Simulate a scenario file, one --session workout, or the built-in default scenario."""
    from myokinetics.plots import check_plot_path, plot_result
    from myokinetics.summary import print_summary

    sc = build_scenario(scenario, session, hours, n, seed)
    plot_path = check_plot_path(plot if plot is not None else Path(f"myokinetics-{_safe_name(sc.name)}.png"))
    if output is not None:
        _check_output_path(output, "--output")

    ds = _run(sc, quiet)

    out = _console()
    if not quiet:
        print_summary(ds, out)
    if output is not None:
        try:
            ds.to_netcdf(output)
        except (OSError, ValueError) as exc:
            raise InputError("--output", str(output), "a writable NetCDF path", str(exc).splitlines()[0]) from None
        out.print(f"results written to {output}", soft_wrap=True)
    plot_result(ds, plot_path)
    out.print(f"plot written to {plot_path}", soft_wrap=True)


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
                                      help="Image file for the signalling graph.")):
    """Draw the signalling graph between modules."""
    try:
        from myokinetics.model.graph import draw_graph
    except ImportError as exc:
        _missing("graph", exc)
    from myokinetics.models import build_model

    _check_output_path(output, "--output")
    if output.suffix.lower() not in GRAPH_FORMATS:
        raise InputError("--output", str(output), "a file ending in " + ", ".join(GRAPH_FORMATS))
    draw_graph(build_model(), output)
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
        None, "--observable", metavar="NAME", help="Observable to compare (repeatable; default: every whole-body time series)."),
    plot: Path = typer.Option(Path("myokinetics-compare.png"), "--plot", "-p", metavar="FILE",
                              help="Plot file (.png, .svg or .pdf): one panel per observable, one line per workout."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE.csv", help="Also write the table as CSV."),
    n: int = typer.Option(1, "--n", "-n", metavar="N", help="Number of subjects (the same cohort for every workout)."),
    seed: int = typer.Option(0, "--seed", metavar="S", help="Random seed of the cohort."),
):
    """Simulate several workouts for the same subject and compare peak, time to peak and area above baseline."""
    from rich.table import Table

    from myokinetics.api import simulate as run_simulation
    from myokinetics.compare import check_compare_plot_path, compare as compare_results, plot_compare, split_workout, write_csv
    from myokinetics.program.parse import parse_session

    if not session:
        raise InputError("--session", "(none)", "at least one --session workout to compare")
    plot_path = check_compare_plot_path(plot)
    if output is not None:
        _check_output_path(output, "--output")
        if output.suffix.lower() != ".csv":
            raise InputError("--output", str(output), "a file ending in .csv")
    datasets = {}
    for i, text in enumerate(session):
        parts = split_workout(text, f"--session[{i + 1}]")
        parse_session(parts, f"--session[{i + 1}]")          # errors name the workout
        scenario = build_scenario(None, parts, hours, n, seed)
        label = " ".join(str(text).split())
        if label in datasets:
            label = f"{label} (#{i + 1})"
        datasets[label] = run_simulation(scenario)
    rows = compare_results(datasets, list(observable) if observable else None)

    table = Table(title=f"{len(datasets)} workout{'s' if len(datasets) != 1 else ''} compared over {hours:g} h"
                        + (f" ({n} subjects, mean)" if n > 1 else ""), title_justify="left")
    for col in ("observable", "workout", "baseline", "peak", "time to peak (h)", "AUC above baseline"):
        table.add_column(col, justify="left" if col in ("observable", "workout") else "right")
    last = None
    for r in rows:
        unit = f" ({r.units})" if r.units and r.units != "1" else ""
        table.add_row(f"{r.observable}{unit}" if r.observable != last else "", r.workout, _fmt_value(r.baseline),
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
