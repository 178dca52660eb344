"""Regenerate docs/validation.md and the verdict record: run every study and its null check.

    python tools/validation_table.py [--jobs 2]

Writes docs/validation.md (the table, honest totals, set-aside reasons, null checks, untested targets) and
src/myokinetics/validation/verdicts.yaml (each study's verdict and simulated value, which tests/test_validation.py
compares with a fresh run).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import yaml

from myokinetics.validation.report import totals
from myokinetics.validation.study import run_all, untested_targets

ROOT = Path(__file__).resolve().parents[1]

HEAD = """# Validation studies

Generated with `python tools/validation_table.py` (all studies, default model; the same runs as `myokinetics
validate --null`). *calibration*: used to fit the parameters that declare them (`myokinetics calibrate --list`);
*validation*: held out. Every tolerance follows the written rule (docs/MODULE_GUIDE.md, "The tolerance rule"):
the source's 95 % CI, or one derived from its SD and n, or a stated default; the rule of each study is in its file
under `src/myokinetics/validation/studies/`. A *set aside* study counts as a failure; its reason (a missing
mechanism or a conflicting source) is given below the table. *null*: the same study with its program removed:
an effect study must then fail (`fails`), a study of no change must pass (`passes`).
`myokinetics validate --report report.html` draws every study.

"""


def _f(x) -> str:
    if isinstance(x, (list, tuple)):
        return "[" + ", ".join(_f(v) for v in x) + "]"
    return f"{float(x):.3g}"


def _tol(t) -> str:
    if isinstance(t[0], (list, tuple)):
        return "; ".join(_tol(x) for x in t)
    return f"{_f(t[0])} to {_f(t[1])}"


def _render(studies, record, wall_note: str) -> str:
    from myokinetics.validation.study import StudyResult, NullCheck

    results = []
    for s in studies:
        rec = record[s.id]
        r = StudyResult(s, rec["simulated"], rec["verdict"] == "PASS" or (s.set_aside and rec.get("passed", False)))
        if "null" in rec:
            passed = rec["discriminates"] == s.no_change
            r.null = NullCheck(s, rec["null"], passed, True)
        else:
            r.null = NullCheck(s, float("nan"), False, False, rec.get("null_reason", ""))
        results.append(r)
    rows = ["| study | evidence | role | observable (statistic) | published | tolerance (rule) | simulated | result | null |",
            "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        s = r.study
        rule = ", ".join(f"{k}" for k in (s.tolerance_rule or {}))
        nc = r.null
        null = f"n/a ({nc.reason})" if not nc.applicable else (("passes" if nc.passed else "fails") + ("" if nc.discriminates else " (!)"))
        verdict = "fail (set aside)" if s.set_aside else record[s.id]["verdict"].lower()
        rows.append(f"| {s.id} | {s.evidence} | {s.role} | {s.observable} ({s.statistic}) | {_f(s.observed)} | "
                    f"{_tol(s.tolerance)} ({rule}) | {_f(r.simulated)} | {verdict} | {null} |")
    summary = totals(results) + "."
    bad = [r.study.id for r in results if r.null.applicable and not r.null.discriminates]
    null_line = (f"Null check: {sum(r.null.discriminates for r in results)} studies discriminate, {len(bad)} do not"
                 f", {sum(not r.null.applicable for r in results)} not applicable (ageing studies with no training, "
                 "ratios of two absent responses).")
    aside = [f"- **{r.study.id}**: {r.study.set_aside}" for r in results if r.study.set_aside]
    nodisc = [f"- **{r.study.id}**: with no program {_f(r.null.simulated)}, inside {_tol(r.study.tolerance)} "
              f"({', '.join(r.study.tolerance_rule or {})}); {r.study.tolerance_note[:200]}"
              for r in results if r.null.applicable and not r.null.discriminates]
    text = HEAD + summary + "\n\n" + null_line + f"\n\n{wall_note}\n\n" + "\n".join(rows) + "\n"
    if aside:
        text += "\n## Set aside (counted as failures)\n\n" + "\n".join(aside) + "\n"
    if nodisc:
        text += ("\n## Studies that do not discriminate\n\nWith the program removed these still pass (or, for a study "
                 "of no change, fail): the source's interval includes no response, the sources conflict on whether there "
                 "is an effect at all, the effect comes from something other than training (diet), or the simulated "
                 "cohort is too small to tell a null difference from the effect. They cannot show that the model's "
                 "training effect is right.\n\n" + "\n".join(nodisc) + "\n")
    untested = [f"- **{u['evidence']}**: {u['reason']}" + (f" (see {u['where']})" if u.get("where") else "")
                for u in untested_targets()]
    text += ("\n## Acute targets without a study\n\nTargets of `targets-acute.md` that no study reproduces, and "
             "why (from `src/myokinetics/validation/untested.yaml`):\n\n" + "\n".join(untested) + "\n")
    return text, summary, null_line


def main(argv=None) -> None:
    from myokinetics.validation.study import load_studies

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", nargs="*", default=None, metavar="ID",
                    help="re-run only these studies (and those with no record), keep the others' record")
    args = ap.parse_args(argv)
    rec_path = ROOT / "src" / "myokinetics" / "validation" / "verdicts.yaml"
    old = (yaml.safe_load(rec_path.read_text()) or {}) if rec_path.exists() else {}
    studies = load_studies()
    ids = None
    if args.only is not None:
        ids = sorted(set(args.only) | {s.id for s in studies if s.id not in old})
    t0 = time.time()
    results = run_all(ids=ids, jobs=args.jobs, null=True) if ids != [] else []
    wall = time.time() - t0
    record = {k: v for k, v in old.items() if ids is not None}
    for r in results:
        nc = r.null
        sim = r.simulated if isinstance(r.simulated, (list, tuple)) else float(r.simulated)
        rec = {"verdict": r.verdict, "simulated": sim, "passed": bool(r.passed)}
        if nc.applicable:
            rec["null"] = nc.simulated if isinstance(nc.simulated, (list, tuple)) else float(nc.simulated)
            rec["discriminates"] = bool(nc.discriminates)
        else:
            rec["null_reason"] = nc.reason
        record[r.study.id] = rec
    record = {s.id: record[s.id] for s in studies}
    note = (f"The last full run took {wall / 60:.1f} min with {args.jobs} worker(s) on the 2-core development machine."
            if ids is None else "Partial update: " + ", ".join(ids) + ".")
    text, summary, null_line = _render(studies, record, note)
    (ROOT / "docs" / "validation.md").write_text(text)
    rec_path.write_text("# Written by tools/validation_table.py: the verdict of every study in the last run (tests compare).\n"
                        + yaml.safe_dump(record, sort_keys=False, width=120))
    print(summary)
    print(null_line)
    print(f"{wall:.0f} s")


if __name__ == "__main__":
    main()
