"""Regenerate docs/validation.md: run every validation study and write the table (python tools/validation_table.py)."""
from __future__ import annotations

from pathlib import Path

from myokinetics.validation.study import run_all, untested_targets

HEAD = """# Validation studies

Generated with `python tools/validation_table.py` (all studies, default model; the same runs as `myokinetics
validate`). *calibration*: used to fit or calibrate the parameters whose notes say so; *validation*: held out.
*set aside*: run and reported, not required to pass; the reason is given below the table and in the study
file. Tolerances and their reasons are in each study file under `src/myokinetics/validation/studies/`;
`myokinetics validate --report report.html` draws every study.

"""


def _f(x: float) -> str:
    return f"{x:.3g}"


def main() -> None:
    results = run_all()
    rows = ["| study | evidence | role | observable (statistic) | published | tolerance | simulated | |",
            "|---|---|---|---|---|---|---|---|"]
    for r in results:
        s = r.study
        rows.append(f"| {s.id} | {s.evidence} | {s.role} | {s.observable} ({s.statistic}) | {_f(s.observed)} | "
                    f"{_f(s.tolerance[0])} to {_f(s.tolerance[1])} | {_f(r.simulated)} | {r.verdict.lower()} |")
    n = {v: sum(r.verdict == v for r in results) for v in ("PASS", "FAIL", "SET ASIDE")}
    roles = {role: sum(r.study.role == role for r in results) for role in ("calibration", "validation")}
    summary = (f"{len(results)} studies ({roles['calibration']} calibration, {roles['validation']} validation): "
               f"{n['PASS']} pass, {n['FAIL']} fail, {n['SET ASIDE']} set aside.\n\n")
    aside = [f"- **{r.study.id}**: {r.study.set_aside}" for r in results if r.study.set_aside]
    text = HEAD + summary + "\n".join(rows) + "\n"
    if aside:
        text += "\n## Set aside\n\n" + "\n".join(aside) + "\n"
    untested = [f"- **{u['evidence']}**: {u['reason']}" + (f" (see {u['where']})" if u.get("where") else "")
                for u in untested_targets()]
    text += ("\n## Acute targets without a study\n\nTargets of `targets-acute.md` that no study reproduces, and "
             "why (from `src/myokinetics/validation/untested.yaml`):\n\n" + "\n".join(untested) + "\n")
    Path(__file__).resolve().parents[1].joinpath("docs", "validation.md").write_text(text)
    print(summary.strip())


if __name__ == "__main__":
    main()
