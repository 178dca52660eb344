"""Scenario files: the issue's example runs unchanged; bad input gets one clear error."""
from pathlib import Path

import numpy as np
import pytest
import yaml

import myokinetics as mk
from myokinetics.errors import InputError, UnknownNameError

EXAMPLE = Path(__file__).parent.parent / "examples" / "full-body-beginner.yaml"


@pytest.fixture(scope="module")
def example_ds():
    return mk.simulate(mk.Scenario.from_yaml(EXAMPLE))


def test_example_runs_unchanged(example_ds):
    ds = example_ds
    assert ds.sizes["time"] == 12 * 168 + 1
    assert (ds.status == "ok").all()
    for name, unit in [("il6", "pg/mL"), ("il1ra", "pg/mL"), ("il10", "pg/mL"), ("tnfa", "pg/mL"), ("muscle_mass", "kg")]:
        assert ds[name].attrs["units"] == unit
        assert "long_name" in ds[name].attrs
    assert ds.attrs["seed"] == 7 and ds.attrs["citations"] and ds.attrs["parameter_set"]
    assert int(ds.set_session.max()) + 1 == 36
    # a full-body session raises IL-6 modestly and it settles between sessions
    il6 = ds.il6.isel(subject=0)
    assert 1.0 < float(il6.max()) / float(il6[0]) < 2.5


def test_netcdf_roundtrip(example_ds, tmp_path):
    import xarray as xr
    p = tmp_path / "r.nc"
    example_ds.to_netcdf(p)
    back = xr.load_dataset(p)
    np.testing.assert_allclose(back.il6.values, example_ds.il6.values)
    assert list(back.muscle.values) == list(example_ds.muscle.values)


def _with(**changes):
    d = yaml.safe_load(EXAMPLE.read_text())
    for k, v in changes.items():
        node = d
        parts = k.split(".")
        for part in parts[:-1]:
            node = node[part]
        node[parts[-1]] = v
    return d


@pytest.mark.parametrize("change, field", [
    ({"colour": "red"}, "colour"),
    ({"subjects.eye_colour": "blue"}, "subjects.eye_colour"),
    ({"duration": "-3 weeks"}, "duration"),
    ({"subjects.n": 0}, "subjects.n"),
    ({"output.every": "0 h"}, "output.every"),
])
def test_bad_input_names_the_field(change, field):
    with pytest.raises(InputError) as e:
        mk.Scenario.from_dict(_with(**change))
    assert e.value.field.startswith(field), e.value


def test_unknown_exercise_suggests_a_close_match():
    d = _with()
    d["program"]["schedule"]["mon"] = ["Back sqat 3x10 @ 70% 1RM"]
    with pytest.raises(UnknownNameError) as e:
        mk.Scenario.from_dict(d)
    assert "Back squat" in str(e.value)


def test_impossible_load_is_rejected():
    d = _with()
    d["program"]["schedule"]["mon"] = ["Back squat 3x10 @ 130% 1RM"]
    with pytest.raises(InputError):
        mk.Scenario.from_dict(d)


def test_missing_file():
    with pytest.raises(InputError, match="existing YAML file"):
        mk.Scenario.from_yaml("no/such/file.yaml")


def test_json_schema_lists_top_level_keys():
    from myokinetics.io.scenario import json_schema
    props = json_schema()["properties"]
    assert {"name", "duration", "subjects", "program", "output"} <= set(props)


def test_subject_conditions_errors_name_field_and_valid_values():
    import pytest as _pytest

    from myokinetics.errors import InputError
    from myokinetics.io.scenario import Scenario as _Sc

    with _pytest.raises(InputError) as e:
        _Sc.from_dict({"name": "x", "duration": "1 week", "subjects": {"conditions": ["diabetes"]}})
    assert "subjects.conditions[0]" in str(e.value) and "type2_diabetes" in str(e.value)
    with _pytest.raises(InputError) as e:
        _Sc.from_dict({"name": "x", "duration": "1 week", "subjects": {"sex": "male", "conditions": ["postmenopausal"]}})
    assert "women only" in str(e.value)
    sc = _Sc.from_dict({"name": "x", "duration": "1 week", "subjects": {"sex": "female", "conditions": ["postmenopausal"]}})
    assert sc.cohort.conditions == ("postmenopausal",)
