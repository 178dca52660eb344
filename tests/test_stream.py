"""Streaming results to Zarr chunk by chunk, locally and on Dask workers (pipeline.stream)."""
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import myokinetics as mk
from myokinetics.errors import InputError
from myokinetics.io.scenario import Scenario
from myokinetics.pipeline import Simulation, open_result, stream

pytest.importorskip("zarr")

SCENARIO = {"name": "stream", "duration": "5 days", "subjects": {"n": 7, "seed": 5, "sex": "mixed"},
            "program": {"weeks": 1, "progression": "2% per week",
                        "schedule": {"mon": ["Back squat 3x8 @ 75% 1RM"], "wed": ["Bench press 3x8 @ 60 kg"]}},
            "output": {"every": "12 h"}}


@pytest.fixture(scope="module")
def scenario():
    return Scenario.from_dict(SCENARIO)


@pytest.fixture(scope="module")
def in_memory(scenario):
    return mk.simulate(scenario)


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _same_values(a: xr.Dataset, b: xr.Dataset) -> None:
    assert set(a.variables) == set(b.variables)
    for name in a.variables:
        x, y = a[name].values, b[name].values
        if x.dtype.kind in "fc":
            np.testing.assert_array_equal(x, y, err_msg=name)
        else:
            assert x.shape == y.shape and [str(v) for v in x.ravel()] == [str(v) for v in y.ravel()], name
    assert a.attrs == b.attrs


def test_streamed_result_equals_the_in_memory_result_whatever_the_chunking(scenario, in_memory, tmp_path):
    done = []
    for size in (3, 7):
        path = stream(Simulation(scenario), tmp_path / f"r{size}.zarr", chunk_size=size, progress=done.append)
        with open_result(path) as ds:
            assert ds["one_rm"].chunks[0][0] == size        # stored chunk by chunk along subject
            _same_values(ds.load(), in_memory)
    assert done == [3, 3, 1, 7]


def test_float32_storage_halves_the_time_series_only(scenario, in_memory, tmp_path):
    path = Simulation(scenario).stream(tmp_path / "f.zarr", chunk_size=4, float32=True)
    with open_result(path) as ds:
        assert ds["il6"].dtype == np.float32 and ds["parameter"].dtype == np.float64
        rel = np.abs(ds["il6"].values - in_memory["il6"].values) / np.abs(in_memory["il6"].values)
        assert rel.max() < 1e-7


def test_dask_workers_write_the_same_bytes_as_a_local_run(scenario, tmp_path):
    pytest.importorskip("dask.distributed")
    local = stream(Simulation(scenario), tmp_path / "local.zarr", chunk_size=2)
    dask = stream(Simulation(scenario), tmp_path / "dask.zarr", chunk_size=2, executor="dask", workers=2)
    a, b = _files(local), _files(dask)
    assert a.keys() == b.keys() and len(a) > 10
    assert [k for k in a if a[k] != b[k]] == []


def test_bad_stream_options_are_input_errors(scenario, tmp_path):
    with pytest.raises(InputError, match="--output.*ending in .zarr"):
        stream(Simulation(scenario), tmp_path / "r.nc")
    with pytest.raises(InputError, match="--executor.*local or dask"):
        stream(Simulation(scenario), tmp_path / "r.zarr", executor="spark")
    with pytest.raises(InputError, match="--chunk-size"):
        stream(Simulation(scenario), tmp_path / "r.zarr", chunk_size=0)


def test_cli_streams_a_zarr_output_and_rejects_an_executor_without_one(in_memory, tmp_path, monkeypatch):
    import yaml
    from typer.testing import CliRunner

    from myokinetics.cli import app

    monkeypatch.chdir(tmp_path)
    Path("s.yaml").write_text(yaml.safe_dump(SCENARIO))
    r = CliRunner().invoke(app, ["simulate", "s.yaml", "--output", "r.zarr", "--plot", "p.png"])
    assert r.exit_code == 0, r.output
    assert "results written to r.zarr (Zarr, streamed)" in r.output and Path("p.png").stat().st_size > 0
    with open_result("r.zarr") as ds:
        _same_values(ds.load(), in_memory)
    r = CliRunner().invoke(app, ["simulate", "s.yaml", "--output", "r.nc", "--executor", "dask", "-q"])
    assert r.exit_code == 2 and "--executor: 'dask' is not valid" in r.output and len(r.output.strip().splitlines()) == 1
