"""The HTML validation report, from fake study results (no simulation needed)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import xarray as xr

from myokinetics.models import build_model
from myokinetics.validation.report import write_report


@dataclass
class FakeStudy:
    id: str
    title: str = "IL-6 rises after running"
    source: str = "ostrowski1998, nosuchkey2099"
    evidence: str = "A04"
    role: str = "calibration"
    observable: str = "il6"
    statistic: str = "peak_fold"
    observed: float = 25.0
    tolerance: tuple = (8.5, 40.0)
    tolerance_note: str = "spread of published runs"
    notes: str = "a note"
    options: dict = field(default_factory=dict)


@dataclass
class FakeResult:
    study: FakeStudy
    simulated: float
    passed: bool
    series: xr.DataArray | None = None
    marker: tuple | None = None
    error: str = ""


def _series(n_subject=20):
    t = np.linspace(0, 6, 61)
    rng = np.random.default_rng(0)
    amp = rng.lognormal(np.log(20), 0.4, n_subject)[:, None]
    vals = 1.5 + amp * np.exp(-((t - 2.5) ** 2))
    return xr.DataArray(vals, dims=("subject", "time"), coords={"time": t}, attrs={"units": "pg/mL"})


def test_write_report(tmp_path):
    results = [
        FakeResult(FakeStudy("run-il6-fold"), 24.0, True, _series()),
        FakeResult(FakeStudy("run-il6-at", statistic="fold_at", role="validation", observed=2.0, tolerance=(1.0, 3.0)),
                   5.0, False, _series(1).isel(subject=0), marker=(4.0, None)),
        FakeResult(FakeStudy("no-series", statistic="peak_time", observed=2.5, tolerance=(2.0, 3.0)), float("nan"), False),
    ]
    path = write_report(results, tmp_path / "report.html", model=build_model())
    html = path.read_text(encoding="utf-8")
    for r in results:
        assert r.study.id in html
    assert "PASS" in html and "FAIL" in html
    assert html.count("data:image/png;base64,") == 4          # the forest plot and one plot per study
    assert 'alt="forest plot of every study"' in html
    assert "3 studies: 1 pass / 2 fail" in html                   # honest totals
    assert "source verified" in html                              # per-parameter verification table
    assert "Ostrowski K" in html and "nosuchkey2099: missing from references.bib" in html
    assert "il6.volume_per_kg" in html            # assumptions listed
    assert "spread of published runs" in html


def test_totals_count_set_aside_as_failures():
    from myokinetics.validation.report import totals

    class R:
        def __init__(self, verdict, role):
            self.verdict, self.study, self.passed = verdict, FakeStudy("x", role=role), verdict == "PASS"

    text = totals([R("PASS", "calibration"), R("SET ASIDE", "validation"), R("FAIL", "validation")])
    assert text.startswith("3 studies: 1 pass / 2 fail (of which 1 set aside, with reason)")
    assert "validation 2: 0 pass / 2 fail" in text


def test_write_report_default_model(tmp_path):
    path = write_report([FakeResult(FakeStudy("only"), 20.0, True)], tmp_path / "r.html")
    assert "only" in path.read_text(encoding="utf-8")
