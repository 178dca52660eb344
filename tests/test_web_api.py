"""The web API (FastAPI TestClient, real worker processes): the pipeline's results, caps, one-line errors, downloads.

Short simulations only (hours to two weeks, n <= 5).
"""
from __future__ import annotations

import io
import socket

import numpy as np
import pytest
import yaml

pytest.importorskip("fastapi", reason="the web extra (fastapi, uvicorn, plotly) is not installed")

from fastapi.testclient import TestClient  # noqa: E402

from myokinetics.errors import InputError  # noqa: E402
from myokinetics.io.scenario import Scenario  # noqa: E402
from myokinetics.web import headline  # noqa: E402
from myokinetics.web.app import create_app  # noqa: E402
from myokinetics.web.limits import CapError, Limits, check_scenario  # noqa: E402
from myokinetics.web.shorthand import program_mapping  # noqa: E402

SQUAT = "Back squat 4x8 @ 75% 1RM, rest 2 min"
#: Small caps for the tests (the defaults are larger).
LIMITS = Limits(max_subjects=8, max_duration_h=21 * 24, max_subject_days=400, max_values=3e6, max_sets=500,
                max_body_bytes=64 * 1024, timeout_s=300)


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(LIMITS, warm=False)) as c:
        yield c


def one_line(r, status=422) -> str:
    assert r.status_code == status, (r.status_code, r.text[:500])
    detail = r.json()["detail"]
    assert isinstance(detail, str) and "\n" not in detail and detail, detail
    return detail


# --------------------------------------------------------------------------- pure parts
def test_shorthand_single_workout_and_weekly_program():
    m, where = program_mapping(f"{SQUAT}\nBench press 3x10 @ RPE 8; Barbell row 3x10 @ 70% 1RM\n# a comment\n", 72)
    assert m == {"session": [SQUAT, "Bench press 3x10 @ RPE 8", "Barbell row 3x10 @ 70% 1RM"]}
    assert where == {"session[0]": 1, "session[1]": 2, "session[2]": 2}
    m, _ = program_mapping("Mon: Back squat 3x10 @ 70% 1RM\nthursday: Deadlift 3x5 @ 80% 1RM", 2.5 * 168,
                           progression="2.5% per week")
    assert m == {"program": {"weeks": 3, "schedule": {"mon": ["Back squat 3x10 @ 70% 1RM"], "thu": ["Deadlift 3x5 @ 80% 1RM"]},
                             "progression": "2.5% per week"}}
    Scenario.from_dict({"duration": "3 weeks", **m})          # the project's parser reads it


@pytest.mark.parametrize("text, field", [("", "program"), ("Mon: Back squat 3x10 @ 70% 1RM\nDeadlift 3x5 @ 80% 1RM",
                                                          "program line 2"),
                                         ("Mon:", "program line 1")])
def test_shorthand_errors_name_the_line(text, field):
    with pytest.raises(InputError) as e:
        program_mapping(text, 72)
    assert e.value.field == field


def test_caps_name_field_value_and_limit():
    sc = Scenario.from_dict({"duration": "2 days", "session": [SQUAT], "subjects": {"n": 9}})
    with pytest.raises(CapError, match=r"subjects\.n: 9 is not valid; expected at most 8 subjects"):
        check_scenario(sc, LIMITS, 590)
    sc = Scenario.from_dict({"duration": "4 weeks", "session": [SQUAT]})
    with pytest.raises(CapError, match="duration: '28 days'.*at most 21 days"):
        check_scenario(sc, LIMITS, 590)
    sc = Scenario.from_dict({"duration": "10 days", "session": [SQUAT], "output": {"every": "1 min"}, "subjects": {"n": 2}})
    with pytest.raises(CapError, match=r"output\.every: '1 min'.*2 subjects x 14401 output times x 590 values"):
        check_scenario(sc, LIMITS, 590)
    # a block over 100 sets is refused by the parser itself (myokinetics.limits), before any web cap
    with pytest.raises(InputError, match="sets: 999 is not valid; expected a whole number of sets from 1 to 100"):
        Scenario.from_dict({"duration": "1 day", "session": ["Back squat 999x8 @ 75% 1RM"]})
    sc = Scenario.from_dict({"duration": "1 day", "session": ["Back squat 100x8 @ 75% 1RM"] * 6})
    with pytest.raises(CapError, match="sets: 600 is not valid; expected at most 500 sets"):
        check_scenario(sc, LIMITS, 590)


def test_headline_selection_is_short_and_follows_the_result(model):
    from myokinetics.api import simulate

    ds = simulate(Scenario.from_dict({"duration": "12 h", "session": [SQUAT], "output": {"every": "15 min"}}), model=model)
    panels = headline.select(ds)
    assert 1 <= len(panels) <= headline.MAX_PANELS
    names = [ln.variable for p in panels for ln in p.lines]
    assert names[0] == "one_rm" and "il6" in names and "readiness" in names
    assert [ln.label for p in panels for ln in p.lines if ln.variable == "one_rm"] == ["back_squat"]
    rows = headline.table_rows(ds, panels)
    assert len(rows) <= headline.MAX_ROWS and rows[0]["outcome"] == "1RM, Back squat"
    # a panel whose variables the result lacks is left out; 'a|b' takes the variable the result has
    fewer = headline.select(ds.drop_vars(["il6"]))
    assert "IL-6, the main exercise myokine" not in [p.title for p in fewer]
    long = ds.assign_coords(time=ds["time"] * 100)            # > 14 days: the chronic panels
    titles = [p.title for p in headline.select(long)]
    assert "Resting blood pressure" in titles and "Blood lactate" not in titles


def test_thinning_keeps_the_peak():
    y = np.zeros(100_000)
    y[12_345] = 7.0
    idx = headline._thin(y, 2000)
    assert len(idx) <= 2002 and 12_345 in idx and idx[0] == 0 and idx[-1] == y.size - 1


# --------------------------------------------------------------------------- the API
def test_page_and_offline_plotly(client):
    r = client.get("/")
    assert r.status_code == 200 and 'id="program-a"' in r.text and "/vendor/plotly.min.js" in r.text
    js = client.get("/vendor/plotly.min.js")
    assert js.status_code == 200 and b"plotly" in js.content[:2000].lower() and len(js.content) > 1_000_000
    assert client.get("/static/app.js").status_code == 200
    schema = client.get("/openapi.json").json()
    assert {"/api/simulate", "/api/compare", "/api/trial", "/api/explain/{name}", "/api/exercises"} <= set(schema["paths"])


def test_simulate_shorthand_is_the_project_pipeline(client, model):
    from myokinetics.api import simulate

    r = client.post("/api/simulate", json={"program": SQUAT, "duration": "24 h",
                                           "person": {"sex": "female", "age": 40, "body_mass": 64}})
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["n_subjects"] == 1 and doc["duration_h"] == 24 and doc["output_every_h"] == pytest.approx(5 / 60)
    assert 1 <= len(doc["plots"]["panels"]) <= 12 and len(doc["table"]) <= 30
    assert doc["program"]["sets"] == 4 and doc["program"]["hard_sets_per_week"]["quadriceps"]["mean"] > 0
    # the scenario the page shows is a scenario file; running it directly gives the same numbers
    mapping = yaml.safe_load(doc["scenario_yaml"])
    assert mapping == doc["scenario"] and mapping["session"] == [SQUAT] and mapping["subjects"]["sex"] == "female"
    ds = simulate(Scenario.from_dict(mapping), model=model)
    il6 = next(row for row in doc["table"] if row["variable"] == "il6")
    assert il6["peak"] == pytest.approx(float(ds["il6"].max()), rel=1e-9) and il6["peak"] > il6["baseline"]
    one_rm = next(row for row in doc["table"] if row["variable"] == "one_rm")
    assert one_rm["label"] == "back_squat" and one_rm["units"] == "kg"
    line = next(ln for p in doc["plots"]["panels"] for ln in p["lines"] if ln["variable"] == "il6")
    assert len(line["t"]) == len(line["mean"]) == ds.sizes["time"] and "p10" not in line or line["p10"] is None


def test_simulate_scenario_json_cohort_has_bands(client):
    r = client.post("/api/simulate", json={"scenario": {"name": "cohort", "duration": "12 h", "session": [SQUAT],
                                                        "subjects": {"n": 3, "seed": 2}, "output": {"every": "30 min"}}})
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["name"] == "cohort" and doc["n_subjects"] == 3
    line = doc["plots"]["panels"][0]["lines"][0]
    assert len(line["p10"]) == len(line["mean"]) == 25
    assert all(lo <= m + 1e-9 for lo, m in zip(line["p10"], line["mean"]))


def test_simulate_weekly_program_from_the_box(client):
    r = client.post("/api/simulate", json={"program": "Mon: Leg press 3x10 @ 70% 1RM\nThu: Leg press 3x10 @ 70% 1RM",
                                           "duration": "2 weeks", "progression": "2.5% per week"})
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["program"]["sessions"] == 4 and doc["scenario"]["program"]["weeks"] == 2
    assert doc["output_every_h"] == 0.25 and doc["plots"]["time_unit"] == "days"


def test_scenario_yaml_is_read_safely(client):
    text = f"duration: 6 h\nsession: [{SQUAT}]\noutput: {{every: 1 h}}\n"
    r = client.post("/api/simulate", json={"scenario_yaml": text})
    assert r.status_code == 200, r.text
    bad = client.post("/api/simulate", json={"scenario_yaml": "!!python/object/apply:os.system ['echo pwned']"})
    assert "scenario_yaml" in one_line(bad)
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdef", "bcdefg"))
    assert "aliases are expanded" in one_line(client.post("/api/simulate", json={"scenario_yaml": bomb}))


@pytest.mark.parametrize("body, expect", [
    ({"program": "Bnech press 3x8 @ 70% 1RM"}, "program line 1: 'Bnech press' is not valid"),
    ({"program": SQUAT, "person": {"agee": 30}}, "person.agee"),
    ({"program": SQUAT, "person": {"age": 5}}, "person.age: 5 is not valid; expected a number from 18 to 100"),
    ({"program": SQUAT, "person": {"n": 100000}}, "person.n: 100000 is not valid; expected at most 8 subjects"),
    ({"program": SQUAT, "duration": "30 days"}, "duration: '30 days' is not valid; expected at most 21 days"),
    ({"program": SQUAT, "duration": "1 fortnight"}, "duration: '1 fortnight' is not valid"),
    ({"program": SQUAT, "duration": "10 days", "output_every": "1 min", "person": {"n": 5}},
     "output_every: '1 min' is not valid"),
    ({"program": SQUAT, "progression": "2.5% per week"}, "program.progression"),
    ({"scenario": {"duration": "1 h", "subjectz": {}}}, "scenario.subjectz: 'subjectz' is not valid; expected a known key "
                                                        "(did you mean 'subjects'?)"),
    ({"scenario": {"duration": "6 h", "session": [SQUAT]}, "person": {"age": 40}}, "person"),
    ({}, "exactly one of scenario, scenario_yaml or program"),
    ({"program": SQUAT, "scenario": {"duration": "1 h"}}, "exactly one of"),
    ({"program": SQUAT, "unknown": 1}, "unknown"),
])
def test_bad_input_is_one_line_422(client, body, expect):
    assert expect in one_line(client.post("/api/simulate", json=body))


def test_request_size_and_malformed_json(client):
    big = {"program": SQUAT + "\n" + "# " + "x" * 70_000}
    assert "request body" in one_line(client.post("/api/simulate", json=big), 413)
    r = client.post("/api/simulate", content=b"{not json", headers={"content-type": "application/json"})
    assert "not valid JSON" in one_line(r)


def test_compare_two_programs_for_the_same_person(client):
    r = client.post("/api/compare", json={"programs": [{"program": "Back squat 5x5 @ 85% 1RM, rest 3 min", "label": "heavy"},
                                                       {"program": "Back squat 3x15 @ 60% 1RM, rest 90 s", "label": "light"}],
                                          "duration": "24 h", "person": {"age": 25}})
    assert r.status_code == 200, r.text
    doc = r.json()
    assert [p["label"] for p in doc["programs"]] == ["heavy", "light"]
    il6 = {row["workout"]: row for row in doc["comparison"] if row["observable"] == "il6"}
    assert set(il6) == {"heavy", "light"} and il6["heavy"]["peak"] != il6["light"]["peak"]
    panel = next(p for p in doc["plots"]["panels"] if any(ln["variable"] == "il6" for ln in p["lines"]))
    assert {ln["program"] for ln in panel["lines"]} == {"heavy", "light"}
    assert "programs[1].program line 1" in one_line(client.post("/api/compare", json={
        "programs": [{"program": SQUAT}, {"program": "Back squat 3x"}]}))
    assert "programs" in one_line(client.post("/api/compare", json={"programs": [{"program": SQUAT}]}))


def test_trial(client):
    trial = {"duration": "1 week", "subjects": {"n": 2, "seed": 1},
             "arms": {"control": {"program": "none"},
                      "training": {"program": {"weeks": 1, "schedule": {"mon": ["Leg extension 3x10 @ 75% 1RM"]}}}},
             "outcomes": ["one_rm.leg_extension"]}
    r = client.post("/api/trial", json={"trial": trial})
    assert r.status_code == 200, r.text
    doc = r.json()
    rows = [s for s in doc["summary"] if s["arm"] == "training" and s["measure"] == "change"]
    assert doc["reference_arm"] == "control" and rows[0]["mean"] > 0 and doc.get("subjects") is None
    assert "subjects.n" in one_line(client.post("/api/trial", json={"trial": trial, "n": 50}))
    assert "outcomes" in one_line(client.post("/api/trial", json={"trial": {**trial, "outcomes": ["no_such_thing"]}}))


def test_explain_and_exercises(client):
    r = client.get("/api/explain/il6")
    assert r.status_code == 200 and "interleukin-6" in r.json()["text"]
    assert "did you mean 'il6'" in one_line(client.get("/api/explain/il66"))
    ex = client.get("/api/exercises").json()
    assert any(e["name"] == "Back squat" and e["modality"] == "resistance" for e in ex)
    assert all("squat" in (e["name"] + " ".join(e["aliases"])).lower() or e["equipment"] or e["muscles"]
               for e in client.get("/api/exercises", params={"q": "squat"}).json())


def test_downloads(client):
    import xarray as xr

    body = {"program": SQUAT, "duration": "6 h", "name": "my squat"}
    nc = client.post("/api/simulate/download", params={"format": "nc"}, json=body)
    assert nc.status_code == 200 and nc.headers["content-type"] == "application/x-netcdf"
    assert 'filename="myokinetics-my-squat.nc"' in nc.headers["content-disposition"]
    ds = xr.open_dataset(io.BytesIO(nc.content))
    assert "il6" in ds and ds.sizes["time"] == 73
    csv = client.post("/api/simulate/download", params={"format": "csv"}, json=body)
    lines = csv.text.splitlines()
    assert lines[0] == "program,variable,coordinate,units,subject,time_h,value"
    assert any(ln.startswith("my squat,il6,,pg/mL,0,") for ln in lines)
    js = client.post("/api/simulate/download", params={"format": "json"}, json=body).json()
    assert js["name"] == "my squat" and js["table"]
    cmp = client.post("/api/compare/download", params={"format": "csv"},
                      json={"programs": [{"program": SQUAT}, {"program": "Leg press 3x10 @ 70% 1RM"}], "duration": "3 h"})
    assert cmp.status_code == 200 and "Program B,one_rm,leg_press" in cmp.text
    assert "format" in one_line(client.post("/api/simulate/download", params={"format": "zarr"}, json=body))


def test_run_time_limit_ends_the_worker_and_the_next_request_runs():
    limits = Limits(max_subjects=200, max_subject_days=1e6, max_values=1e9, timeout_s=1.0)
    with TestClient(create_app(limits, warm=False)) as c:
        assert c.get("/api/explain/il6").status_code == 200          # the worker is up
        slow = c.post("/api/simulate", json={"program": "Mon: Back squat 3x10 @ 70% 1RM", "duration": "52 weeks",
                                             "person": {"n": 200}, "output_every": "1 day"})
        assert "run time: 'more than 1 s' is not valid; expected at most 1 s per request" in one_line(slow)
        assert c.get("/api/explain/il6").status_code == 200          # a fresh worker


def test_serve_refuses_a_taken_port():
    from typer.testing import CliRunner

    from myokinetics.cli import app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"error: --port: {port} is not valid; expected a free port")
    bad = CliRunner().invoke(app, ["serve", "--port", "70000"])
    assert bad.exit_code == 2 and "a port number from 1 to 65535" in bad.stderr


def test_import_turns_a_log_into_a_scenario_that_runs(client):
    from pathlib import Path
    text = (Path(__file__).parent / "data" / "logs" / "hevy.csv").read_text()
    r = client.post("/api/import", json={"format": "hevy", "content": text})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["scenario"]["sessions"] and "sessions:" in body["scenario_yaml"]
    from myokinetics.io.scenario import Scenario
    Scenario.from_dict(body["scenario"])             # a valid scenario
    r = client.post("/api/import", json={"format": "strong", "content": "not a strong export"})
    assert r.status_code == 422 and "\n" not in r.json()["detail"]
    r = client.post("/api/import", json={"content": "a", "content_base64": "YQ=="})
    assert r.status_code == 422
