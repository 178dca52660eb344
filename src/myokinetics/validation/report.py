"""write_report(results, path): a self-contained HTML validation report.

Modelled on the Open Systems Pharmacology qualification reports: a summary
table (one row per study: source, role, observed, tolerance, simulated,
PASS/FAIL), then one section per study with an observed-vs-simulated plot
(PNG embedded as base64), the formatted reference, the tolerance note and the
notes, and at the end every parameter of the model that is an assumption, so
that the assumptions behind a PASS are always on the page.
"""
from __future__ import annotations

import base64
import datetime as _dt
import html
import io
import math
from pathlib import Path
from typing import Sequence

from myokinetics.evidence.citations import format_reference, split_keys

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;width:100%;font-size:.88em}th,td{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#fff;background:#2e7d32;font-weight:bold;text-align:center}.fail{color:#fff;background:#c62828;font-weight:bold;text-align:center}
.meta{color:#555;font-size:.9em}.ref{font-size:.9em}.assumption{color:#8a4b00;font-weight:bold}
img{max-width:100%;border:1px solid #eee}dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:bold}dd{margin:0}
"""

_FOLD = ("peak_fold", "fold_at")


def _fmt(x) -> str:
    if x is None:
        return "—"
    if isinstance(x, (list, tuple)):            # a time course: one value (or interval) per point
        return "[" + ", ".join(_fmt(v) for v in x) + "]"
    try:
        x = float(x)
    except (TypeError, ValueError):
        return html.escape(str(x))
    if not math.isfinite(x):
        return "n/a"
    return f"{x:.3g}"


def _esc(x) -> str:
    return html.escape("" if x is None else str(x))


# ------------------------------------------------------------------ plots
def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _plot(result) -> str:
    """Base64 PNG: the simulated time course with the observed figure where it applies,
    or (without a time course) the observed tolerance interval against the simulated value."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    st = result.study
    if st.tolerance and isinstance(st.tolerance[0], (list, tuple)):   # a time course: each point and its interval
        fig, ax = plt.subplots(figsize=(7, 3.4))
        at = [float(t) for t in st.options.get("at", range(len(st.tolerance)))]
        obs = list(st.observed)
        ax.errorbar(at, obs, yerr=[[o - t[0] for o, t in zip(obs, st.tolerance)], [t[1] - o for o, t in zip(obs, st.tolerance)]],
                    fmt="D", color="#2e7d32", capsize=5, label="observed, tolerance")
        sims = list(result.simulated) if isinstance(result.simulated, (list, tuple)) else []
        if len(sims) == len(at):
            ax.plot(at, sims, "s-", color="#1f77b4" if result.passed else "#c62828", label="simulated")
        ax.set_xlabel("time (h)")
        ax.set_ylabel(f"{st.observable} ({st.options.get('as', 'value')})")
        ax.legend(loc="best", fontsize=7, frameon=False)
        ax.set_title(f"{st.observable}: time course ({st.statistic})", fontsize=9)
        return _png(fig)
    lo, hi = st.tolerance
    fig, ax = plt.subplots(figsize=(7, 3.4))
    da = getattr(result, "series", None)
    if da is None:
        ax.errorbar([st.observed], [1], xerr=[[st.observed - lo], [hi - st.observed]], fmt="o", color="black",
                    capsize=5, label="observed (tolerance)")
        ax.plot([result.simulated], [0], "s", color="#1f77b4" if result.passed else "#c62828", label="simulated")
        ax.set_yticks([0, 1], ["simulated", "observed"])
        ax.set_ylim(-0.8, 1.8)
        ax.set_xlabel(st.statistic)
        ax.legend(loc="upper right", fontsize=8, frameon=False)
        return _png(fig)

    t = np.asarray(da["time"].values, dtype=float)
    extra = [d for d in da.dims if d not in ("time", "subject")]
    if extra:                                   # a per-muscle series: show the sum over the other dims
        da = da.sum(extra)
    if "subject" in da.dims:
        vals = da.transpose("subject", "time").values
        med = np.nanmedian(vals, axis=0)
        if vals.shape[0] > 1:
            q10, q90 = np.nanpercentile(vals, [10, 90], axis=0)
            ax.fill_between(t, q10, q90, color="#1f77b4", alpha=0.2, lw=0, label="simulated 10–90%")
        base = float(np.nanmedian(vals[:, 0]))
    else:
        med = np.asarray(da.values, dtype=float)
        base = float(med[0])
    ax.plot(t, med, color="#1f77b4", lw=1.8, label="simulated median")

    marker = getattr(result, "marker", None)
    mt = marker[0] if marker else None
    mv = marker[1] if marker and len(marker) > 1 else None
    scale = base if st.statistic in _FOLD else 1.0           # fold changes are drawn as levels over baseline
    level = st.statistic in _FOLD or st.statistic == "value_at"
    what = " (× baseline)" if st.statistic in _FOLD else ""
    if level and math.isfinite(scale) and mt is not None:     # the observed figure at its time point
        y = scale * st.observed
        ax.errorbar([mt], [y], yerr=[[y - scale * lo], [scale * hi - y]], fmt="D", color="#2e7d32", capsize=5,
                    label=f"observed{what}, tolerance")
    elif level and math.isfinite(scale):                        # e.g. a peak: a level band over the whole course
        ax.axhspan(scale * lo, scale * hi, color="#2e7d32", alpha=0.12, label=f"observed tolerance{what}")
        ax.axhline(scale * st.observed, color="#2e7d32", ls="--", lw=1.2, label=f"observed{what}")
    elif st.statistic == "peak_time":
        ax.axvspan(lo, hi, color="#2e7d32", alpha=0.12, label="observed peak time (tolerance)")
        ax.axvline(st.observed, color="#2e7d32", ls="--", lw=1.2, label="observed peak time")
    elif mt is not None:                                        # other statistics: show where they are taken
        if mv is not None:
            ax.plot([mt], [mv], "D", color="#2e7d32", label="observed")
        ax.axvline(mt, color="black", ls=":", lw=1, label=f"statistic taken at t = {mt:g} h")
    units = da.attrs.get("units", "")
    ax.set_xlabel("time (h)")
    ax.set_ylabel(f"{st.observable}" + (f" ({units})" if units else ""))
    ax.legend(loc="upper right", fontsize=7, frameon=False)
    ax.set_title(f"{st.observable}: observed {_fmt(st.observed)} vs simulated {_fmt(result.simulated)} ({st.statistic})",
                 fontsize=9)
    return _png(fig)


def _verdict(r) -> str:
    v = getattr(r, "verdict", None)
    return v if v is not None else ("PASS" if r.passed else "FAIL")


def _scalar(x):
    """A result's simulated value as one number (a time course: the point furthest outside its interval)."""
    try:
        return float(x)
    except (TypeError, ValueError):
        return float("nan")


def totals(results) -> str:
    """Honest totals: set-aside studies count as failures, listed beside the fail count; calibration and
    validation apart."""
    results = list(results)

    def line(rs):
        n_pass = sum(_verdict(r) == "PASS" for r in rs)
        n_aside = sum(_verdict(r) == "SET ASIDE" for r in rs)
        n_fail = len(rs) - n_pass
        return f"{n_pass} pass / {n_fail} fail" + (f" (of which {n_aside} set aside, with reason)" if n_aside else "")

    parts = [f"{len(results)} studies: {line(results)}"]
    for role in ("calibration", "validation"):
        rs = [r for r in results if r.study.role == role]
        if rs:
            parts.append(f"{role} {len(rs)}: {line(rs)}")
    return "; ".join(parts)


def _interval_position(tol, value) -> float:
    """Where ``value`` lies relative to ``tol``: -1 at the lower bound, +1 at the upper."""
    lo, hi = tol
    v = _scalar(value)
    mid, half = (lo + hi) / 2, (hi - lo) / 2
    if half <= 0:
        return 0.0 if v == mid else math.copysign(5.0, v - mid)
    return (v - mid) / half


def _position(r) -> float:
    """A study's simulated value relative to its tolerance (a time course: the point furthest outside)."""
    tol = r.study.tolerance
    if not isinstance(tol[0], (list, tuple)):
        return _interval_position(tol, r.simulated)
    sims = list(r.simulated) if isinstance(r.simulated, (list, tuple)) else [r.simulated]
    zs = [_interval_position(t, v) for t, v in zip(tol, sims)]
    return max(zs, key=lambda z: abs(z) if math.isfinite(z) else 1e9) if zs else float("nan")


def forest_plot(results) -> str:
    """Every study as a row: its tolerance interval (the bar from -1 to +1) and the simulated value (a dot; an
    arrow at the edge when beyond 4 half-widths); calibration and validation in separate panels.  PNG, base64."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    groups = [(role, [r for r in results if r.study.role == role]) for role in ("calibration", "validation")]
    groups = [(g, rs) for g, rs in groups if rs]
    n = max((len(rs) for _, rs in groups), default=1)
    fig, axes = plt.subplots(1, len(groups) or 1, figsize=(6.5 * max(len(groups), 1), 0.16 * n + 1.5), squeeze=False)
    for ax, (role, rs) in zip(axes[0], groups):
        for i, r in enumerate(rs):
            y = len(rs) - 1 - i
            z = _position(r)
            ok = _verdict(r) == "PASS"
            ax.plot([-1, 1], [y, y], color="#9e9e9e", lw=3, solid_capstyle="butt")
            if not math.isfinite(z):
                ax.text(0, y, "n/a", fontsize=5, va="center", ha="center")
                continue
            zc = max(-4.0, min(4.0, z))
            marker = ">" if z > 4 else "<" if z < -4 else "o"
            ax.plot([zc], [y], marker=marker, ms=3.5, color="#2e7d32" if ok else "#c62828")
        ax.set_yticks(range(len(rs)))
        ax.set_yticklabels([r.study.id for r in reversed(rs)], fontsize=5)
        ax.set_xlim(-4.3, 4.3)
        ax.axvline(0, color="#ddd", lw=0.5)
        ax.set_xlabel("simulated, relative to the tolerance (-1 lower bound, +1 upper bound)", fontsize=7)
        ax.set_title(f"{role}: {totals(rs).split(': ', 1)[1]}", fontsize=8)
        ax.tick_params(axis="x", labelsize=7)
        ax.set_ylim(-1, len(rs))
    fig.tight_layout()
    return _png(fig)


def _verification(model) -> str:
    """Per parameter: its grade and whether its source was verified (evidence/citations.py)."""
    try:
        from myokinetics.evidence.citations import parameter_verification
    except ImportError:
        return "<p class='meta'>reference verification status not available.</p>"
    if model is None:
        return "<p class='meta'>model not available.</p>"
    status = parameter_verification(model)
    from collections import Counter

    c = Counter(status.values())
    rows = "".join(f"<tr><td>{_esc(k)}</td><td>{_esc(model.param_defs[k].grade)}</td><td>{_esc(model.param_defs[k].source)}</td>"
                   f"<td>{_esc(v)}</td></tr>" for k, v in sorted(status.items()))
    return (f"<p>{', '.join(f'{n} {k}' for k, n in sorted(c.items()))}.</p><table><tr><th>parameter</th><th>grade</th>"
            f"<th>source</th><th>source verified</th></tr>{rows}</table>")


# ------------------------------------------------------------------ html
def _summary(results) -> str:
    rows = []
    for r in results:
        st = r.study
        v = _verdict(r)
        verdict = f'<td class="{"pass" if v == "PASS" else "fail"}">{v}</td>'
        rows.append(
            f'<tr><td><a href="#{_esc(st.id)}">{_esc(st.id)}</a></td><td>{_esc(st.title)}</td><td>{_esc(st.evidence)}</td>'
            f"<td>{_esc(st.source)}</td><td>{_esc(st.role)}</td><td>{_esc(st.observable)} · {_esc(st.statistic)}</td>"
            f'<td class="num">{_fmt(st.observed)}</td><td class="num">{_fmt(st.tolerance[0])}–{_fmt(st.tolerance[1])}</td>'
            f'<td class="num">{_fmt(r.simulated)}</td>{verdict}</tr>')
    head = ("<tr><th>study</th><th>title</th><th>evidence</th><th>source</th><th>role</th><th>observable · statistic</th>"
            "<th>observed</th><th>tolerance</th><th>simulated</th><th>result</th></tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def _section(r) -> str:
    st = r.study
    try:
        img = f'<img alt="observed vs simulated, {_esc(st.id)}" src="data:image/png;base64,{_plot(r)}">'
    except Exception as exc:                      # a plot must never sink the report
        img = f"<p class='meta'>plot unavailable: {_esc(exc)}</p>"
    refs = "".join(f"<li>{_esc(format_reference(k))}</li>" for k in split_keys(st.source)) or "<li>—</li>"
    verdict = _verdict(r)
    err = getattr(r, "error", "")
    if getattr(st, "set_aside", ""):
        err = (err + " " if err else "") + f"Set aside: {st.set_aside}"
    return (f'<h2 id="{_esc(st.id)}">{_esc(st.id)}: {_esc(st.title)} — '
            f'<span class="{verdict.lower()}">&nbsp;{verdict}&nbsp;</span></h2>'
            f"<dl><dt>role</dt><dd>{_esc(st.role)}</dd><dt>evidence</dt><dd>{_esc(st.evidence)}</dd>"
            f"<dt>observable</dt><dd>{_esc(st.observable)} ({_esc(st.statistic)})</dd>"
            f"<dt>observed</dt><dd>{_fmt(st.observed)} (tolerance {_fmt(st.tolerance[0])}–{_fmt(st.tolerance[1])})</dd>"
            f"<dt>simulated</dt><dd>{_fmt(r.simulated)}</dd>"
            f"<dt>tolerance</dt><dd>{_esc(st.tolerance_note)}</dd>"
            + (f"<dt>notes</dt><dd>{_esc(st.notes)}</dd>" if getattr(st, "notes", "") else "")
            + (f"<dt>error</dt><dd>{_esc(err)}</dd>" if err else "")
            + f"</dl>{img}<p><b>Source</b></p><ul class='ref'>{refs}</ul>")


def _assumptions(model) -> str:
    if model is None:
        return "<p class='meta'>model not available: assumptions not listed.</p>"
    rows = []
    for key in model.assumptions:
        p = model.param_defs[key]
        informed = ", ".join(p.keys)
        rows.append(f"<tr><td>{_esc(key)}</td><td class='num'>{_fmt(p.value)} {_esc(p.unit)}</td>"
                    f"<td>{_esc(p.range[0]) + '–' + _esc(p.range[1]) if p.range else '—'}</td>"
                    f"<td>{_esc(informed) or '—'}</td><td>{_esc(p.note)}</td></tr>")
    if not rows:
        return "<p>No parameter is labelled an assumption.</p>"
    return ("<p>These parameters have no direct source; every result above depends on them.</p><table><tr><th>parameter</th>"
            "<th>value</th><th>plausible range</th><th>informed by</th><th>note</th></tr>" + "".join(rows) + "</table>")


def _forest(results) -> str:
    try:
        return f'<img alt="forest plot of every study" src="data:image/png;base64,{forest_plot(results)}">'
    except Exception as exc:                      # a plot must never sink the report
        return f"<p class='meta'>forest plot unavailable: {_esc(exc)}</p>"


def write_report(results: Sequence, path, model=None, title: str = "myokinetics validation report") -> Path:
    """Write the HTML report for ``results`` (StudyResult objects) to ``path`` and return the path.

    ``model`` supplies the list of assumptions (default: the default model).
    """
    if model is None:
        try:
            from myokinetics.models import build_model

            model = build_model()
        except Exception:
            model = None
    results = list(results)
    n_pass = sum(_verdict(r) == "PASS" for r in results)
    n_aside = sum(_verdict(r) == "SET ASIDE" for r in results)
    by_role = {}
    for r in results:
        ok, n = by_role.get(r.study.role, (0, 0))
        by_role[r.study.role] = (ok + bool(r.passed), n + 1)
    roles = "; ".join(f"{role}: {ok}/{n} pass" for role, (ok, n) in sorted(by_role.items()))
    when = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    doc = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{_esc(title)}</title>"
           f"<style>{_CSS}</style></head><body><h1>{_esc(title)}</h1>"
           f"<p class='meta'>{_esc(totals(results))}. Set-aside studies count as failures. "
           f"Generated {when}. Calibration studies were used to fit the model; validation studies were held out.</p>"
           f"<h2>Every study at a glance</h2>{_forest(results)}"
           + "".join(f"<h2>Summary: {role} studies</h2>{_summary([r for r in results if r.study.role == role])}"
                     for role in ("calibration", "validation") if any(r.study.role == role for r in results))
           + "".join(_section(r) for r in results)
           + f"<h2 id='assumptions'>Assumptions in the model</h2>{_assumptions(model)}"
           + f"<h2 id='verification'>Parameters and whether their sources were verified</h2>{_verification(model)}</body></html>")
    path = Path(path)
    path.write_text(doc, encoding="utf-8")
    return path
