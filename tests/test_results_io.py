"""`simulate --output` by extension: NetCDF, Zarr, long CSV and Parquet; anything else is a one-line error."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from myokinetics.errors import InputError
from myokinetics.io.results import RESULT_FORMATS, check_results_path, long_table, write_results
from myokinetics.summary import outcome_variables


@pytest.fixture(scope="module")
def ds():
    from myokinetics.api import simulate
    from myokinetics.cli import build_scenario

    return simulate(build_scenario(None, ["Back squat 3x5 @ 80% 1RM"], 2, 2, 1))


def _expected_rows(ds):
    n = 0
    for name in outcome_variables(ds):
        da = ds[name]
        n += da.shape[0] * da.shape[1] * (da.shape[2] if da.ndim == 3 else 1)
    return n


def test_long_table_one_row_per_subject_time_label_variable(ds):
    df = long_table(ds)
    assert list(df.columns) == ["subject", "time_h", "variable", "muscle", "exercise", "value", "units"]
    assert len(df) == _expected_rows(ds)
    assert not df.duplicated(["subject", "time_h", "variable", "muscle", "exercise"]).any()
    il6 = df[(df.variable == "il6") & (df.subject == 1)]
    assert np.allclose(il6.value.to_numpy(), ds["il6"].sel(subject=1).values) and set(il6.units) == {"pg/mL"}
    mps = df[(df.variable == "mps") & (df.muscle == "quadriceps") & (df.subject == 0)]
    assert np.allclose(mps.value.to_numpy(), ds["mps"].sel(subject=0, muscle="quadriceps").values)
    sq = df[(df.variable == "one_rm") & (df.exercise == "back_squat")]
    assert len(sq) == 2 * ds.sizes["time"] and set(sq.units) == {"kg"}
    assert "systolic_bp" not in set(df.variable) and "sbp" in set(df.variable)     # aliases left out


def test_every_format_round_trips(tmp_path, ds):
    assert set(RESULT_FORMATS) == {".nc", ".zarr", ".csv", ".parquet"}
    with xr.open_dataset(write_results(ds, tmp_path / "r.nc")) as back:
        assert back["il6"].attrs["units"] == "pg/mL" and back.sizes["subject"] == 2

    pytest.importorskip("zarr")
    with xr.open_zarr(write_results(ds, tmp_path / "r.zarr")) as back:
        assert np.allclose(back["il6"].values, ds["il6"].values) and list(back["status"].values) == ["ok", "ok"]
    write_results(ds, tmp_path / "r.zarr")                      # an existing store is replaced

    csv = write_results(ds, tmp_path / "r.csv")
    head = csv.read_text().splitlines()[0]
    assert head == "subject,time_h,variable,muscle,exercise,value,units"   # a table, not NetCDF under a .csv name
    df = pd.read_csv(csv, keep_default_na=False)
    assert len(df) == _expected_rows(ds)
    assert np.allclose(df[df.variable == "il6"].value.astype(float), ds["il6"].values.ravel(), rtol=1e-7)

    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    pqt = write_results(ds, tmp_path / "r.parquet")
    df = pd.read_parquet(pqt)
    assert len(df) == _expected_rows(ds)
    meta = json.loads(pq.read_schema(pqt).metadata[b"myokinetics"])
    assert meta["n_subjects"] == 2 and "citations" in meta


@pytest.mark.parametrize("name, words", [
    ("r.txt", ["'r.txt'", ".nc", ".zarr", ".csv", ".parquet"]),
    ("r", ["no extension"]),
    ("no/such/dir/r.csv", ["does not exist"]),
])
def test_bad_output_paths(tmp_path, monkeypatch, name, words):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as e:
        check_results_path(name)
    for w in words:
        assert w in str(e.value)


def test_zarr_refuses_a_folder_that_is_not_a_store(tmp_path, ds):
    folder = tmp_path / "data.zarr"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me")
    with pytest.raises(InputError, match="not a Zarr store"):
        write_results(ds, folder)
    assert (folder / "mine.txt").read_text() == "keep me"
    (tmp_path / "r.nc").mkdir()
    with pytest.raises(InputError, match="not a folder"):
        check_results_path(tmp_path / "r.nc")
