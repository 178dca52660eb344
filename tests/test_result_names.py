"""Result names follow OBSERVABLES.md: renamed variables, deprecated aliases sharing the data, and the docs."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from myokinetics.engine.result import ALIAS_ATTR, OBSERVABLE_RENAMES, result_variable_names

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def ds():
    from myokinetics.api import simulate
    from myokinetics.cli import build_scenario

    return simulate(build_scenario(None, ["Back squat 3x5 @ 80% 1RM"], 2, 1, 0))


def test_renamed_variables_carry_the_observables_name(ds):
    for old, new in OBSERVABLE_RENAMES.items():
        assert new in ds, new
        assert ALIAS_ATTR not in ds[new].attrs
        assert ds[old].attrs[ALIAS_ATTR] == new and "0.2" in ds[old].attrs["comment"]
        assert ds[old].attrs["units"] == ds[new].attrs["units"]
        assert np.shares_memory(ds[old].values, ds[new].values)        # an alias, not a copy
    assert ds["sbp"].attrs["units"] == "mmHg" and ds["ldl"].attrs["units"] == "mg/dL"


def test_aliases_are_skipped_by_summaries_and_comparisons(ds):
    from myokinetics.compare import whole_body_series
    from myokinetics.summary import outcome_rows, outcome_variables

    names = outcome_variables(ds)
    assert "sbp" in names and "systolic_bp" not in names
    assert "systolic_bp" not in whole_body_series(ds)
    assert not [r for r in outcome_rows(ds) if r.name in OBSERVABLE_RENAMES]


def test_result_variable_names_known_before_simulating(ds, model):
    names = result_variable_names(model)
    data = {str(n) for n, da in ds.data_vars.items() if da.dims[:2] == ("subject", "time")}
    assert set(names) == data - {"status"}
    assert names.index("sbp") < names.index("systolic_bp")


def test_explain_a_result_name(model):
    from myokinetics.model.explain import explain

    text = explain(model, "sbp")
    assert text.startswith("sbp: the result's name") and "systolic_bp" in text


def test_docs_list_every_rename_and_the_observables_copy_is_current():
    doc = (ROOT / "docs" / "result-names.md").read_text(encoding="utf-8")
    for old, new in OBSERVABLE_RENAMES.items():
        assert f"| `{old}` | `{new}` |" in doc, old
    shared = ROOT.parent / "shared" / "OBSERVABLES.md"
    if not shared.exists():
        pytest.skip("no ../shared/OBSERVABLES.md next to this checkout")
    assert (ROOT / "docs" / "OBSERVABLES.md").read_text(encoding="utf-8") == shared.read_text(encoding="utf-8"), \
        "docs/OBSERVABLES.md is out of date: copy ../shared/OBSERVABLES.md"


def test_old_names_still_work_in_trials_and_compare(ds):
    from myokinetics.compare import select_observables, series
    from myokinetics.trial.run import select_outcome
    from myokinetics.trial.spec import parse_outcome

    old = select_outcome(ds, parse_outcome("systolic_bp"))
    assert np.array_equal(old.values, ds["sbp"].values)
    assert select_observables([ds], ["systolic_bp"]) == ["systolic_bp"]
    assert np.array_equal(series(ds, "systolic_bp").values, ds["sbp"].values)
