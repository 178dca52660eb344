"""explain() and the inter-organ signalling graph, both derived from module declarations."""
from __future__ import annotations

import json
import re

import pytest

from myokinetics.errors import UnknownNameError
from myokinetics.model.explain import explain
from myokinetics.model.graph import (WIDTH_MAX, WIDTH_MIN, WIDTH_UNKNOWN, draw_graph, edge_width, figure, focus,
                                     label_overlaps, signalling_graph)
from myokinetics.model.routes import unquantified_routes
from myokinetics.models import build_model


@pytest.fixture(scope="module")
def model():
    return build_model()


def test_explain_il6(model):
    text = explain(model, "il6")
    assert "pg/mL" in text
    assert "Driven by" in text and "Drives:" in text
    assert "il6_release_drive" in text                # an input
    assert "il6.k_clear" in text                      # a parameter with value and source
    assert "steensberg2000" in text
    assert "tnfa" in text                              # a reader of il6
    assert "endocrine" in text and "liver" in text     # declared routes
    assert "References:" in text and "Steensberg A" in text


def test_explain_case_insensitive(model):
    assert explain(model, "IL6") == explain(model, "il6")


def test_explain_module_and_covariate(model):
    text = explain(model, "stimulus")
    assert "module stimulus" in text and "hard_set_max_rir" in text
    assert "subject covariate" in explain(model, "body_mass0")


def test_explain_unknown_name(model):
    with pytest.raises(UnknownNameError) as info:
        explain(model, "il7")
    assert "il6" in info.value.suggestions
    assert "did you mean" in str(info.value)


def test_explain_assumption_parameter(model):
    key = model.assumptions[0]
    text = explain(model, key)
    assert "ASSUMPTION" in text
    assert model.param_defs[key].note[:20] in text


def test_explain_sourced_parameter_not_assumption(model):
    text = explain(model, "il6.baseline")
    assert "ASSUMPTION" not in text
    assert "marquesvidal2011" in text and "lognormal" in text and "0.3-10" in text


def test_explain_observer_parameter_and_module(model):
    """Parameters of an observer (one_rm's strength norms) are explained with their source, not a traceback."""
    text = explain(model, "one_rm.female_upper_ratio")
    assert "cooperinstitute2002" in text and "Cooper Institute" in text
    assert "norm_decline_lower" in explain(model, "one_rm")


def test_graph_organs_group_every_module(model):
    g = signalling_graph(model)
    ids = {n["id"] for n in g["nodes"]}
    grouped = {m for n in g["nodes"] for m in n["modules"]}
    for m in model.modules + model.signal_modules:
        assert m.organ in ids and m.name in grouped
        mechanisms = next(x["mechanisms"] for x in g["modules"] if x["id"] == m.name)
        assert len(mechanisms) == len(m.routes)       # declared mechanisms travel with their module, not as edges
    for e in g["edges"]:
        assert e["source"] in ids and e["target"] in ids


def test_graph_has_an_edge_for_every_acting_route_and_none_for_removed(model):
    g = signalling_graph(model)
    routes = [e for e in g["edges"] if e["kind"] != "flow"]
    assert sorted(e["route"] for e in routes) == sorted(r.id for r in model.routes)
    organ_of = {m.name: m.organ for m in model.modules + model.signal_modules}
    for r in model.routes:
        e = next(e for e in routes if e["route"] == r.id)
        assert (e["producer"], e["module"], e["messenger"], e["kind"]) == (r.producer, r.module, r.messenger, r.spec.kind)
        assert (e["source"], e["target"]) == (organ_of[r.producer], organ_of[r.module])
        assert e["perturbation"] == r.spec.perturbation and e["citation"] == r.spec.source
    removed = unquantified_routes()
    assert removed and g["removed_routes"] == {"count": len(removed), "listed_in": "docs/routes.md"}
    for r in removed:
        assert not any(e["messenger"] == r["messenger"] and r["target"] in (e["tissue"], e["target"]) for e in routes), r


def test_graph_flows_aggregated_per_organ_pair(model):
    g = signalling_graph(model)
    flows = [e for e in g["edges"] if e["kind"] == "flow"]
    pairs = [(e["source"], e["target"]) for e in flows]
    assert len(pairs) == len(set(pairs)) and all(a != b for a, b in pairs)
    for e in flows:
        assert e["count"] == len(e["links"]) >= 1
    blood_immune = next(e for e in flows if (e["source"], e["target"]) == ("blood", "immune"))
    assert "il6_rest" in blood_immune["variables"]
    assert not any(x["variable"] == "il6" and x["consumer"] == "il1ra" for x in blood_immune["links"])   # that is a route
    assert any(x["variable"] == "il6_release_drive" for e in flows if e["source"] == "muscle" for x in e["links"])
    assert {n["id"]: n["internal_flows"] for n in g["nodes"]}["muscle"] > 0


def _fake_effects(model, values):
    return {r.id: {"variable": r.module, "units": "1", "max_abs_change": v, "relative": v}
            for r, v in zip(model.routes, values)}


def test_edge_width_monotone_in_effect_size(model):
    grid = [0.0, 1e-6, 1e-4, 3e-4, 1e-3, 0.01, 0.05, 0.2, 1.0, 5.0]
    widths = [edge_width({"relative": r}) for r in grid]
    assert widths == sorted(widths) and widths[0] == WIDTH_MIN and widths[-1] == WIDTH_MAX
    assert all(a < b for a, b in zip(widths[2:-2], widths[3:-1]))          # strictly inside the span
    values = [0.2, 0.003, 0.0004, 0.05, 0.01, 0.6, 2e-5][:len(model.routes)]
    g = signalling_graph(model, _fake_effects(model, values))
    routes = sorted((e for e in g["edges"] if e["kind"] != "flow"), key=lambda e: e["effect_size"]["relative"])
    assert [e["width"] for e in routes] == sorted(e["width"] for e in routes)
    assert signalling_graph(model)["edges"][0]["width"] == WIDTH_UNKNOWN      # not computed


def test_focus_on_one_organ(model):
    g = signalling_graph(model, organ="Immune")
    assert g["focus"] == "immune"
    assert all("immune" in (e["source"], e["target"]) for e in g["edges"])
    assert {e["route"] for e in g["edges"] if e["kind"] != "flow"} == \
        {r.id for r in model.routes if model.module(r.module).organ == "immune" or model.module(r.producer).organ == "immune"}
    shown = {m for n in g["nodes"] for m in n["modules"]}
    assert set(next(n for n in signalling_graph(model)["nodes"] if n["id"] == "immune")["modules"]) <= shown
    assert signalling_graph(model, organ="nervous system")["focus"] == "nervous_system"
    with pytest.raises(UnknownNameError) as info:
        signalling_graph(model, organ="brian")
    assert "--organ" in str(info.value) and "brain" in info.value.suggestions


def test_figure_has_no_overlapping_labels(model):
    import matplotlib.pyplot as plt

    g = signalling_graph(model, _fake_effects(model, [0.14, 0.0035, 0.0003, 0.046, 0.01, 0.2, 0.5]))
    for graph in (g, focus(g, "immune"), focus(g, "muscle")):
        fig = figure(graph)
        try:
            assert label_overlaps(fig) == []
            texts = " ".join(t.get_text() for t in fig.axes[0].texts)
            assert f"{len(unquantified_routes())} declared routes" in texts and "docs/routes.md" in texts
            assert all(e["messenger"] in texts for e in graph["edges"] if e["kind"] != "flow")
        finally:
            plt.close(fig)


def test_figure_works_for_many_routes(model):
    """Other routes are being added: a graph with 15 more (random, seeded) still lays out without overlaps."""
    import random

    import matplotlib.pyplot as plt

    g = signalling_graph(model)
    rng = random.Random(3)
    organ_of = {m["id"]: m["organ"] for m in g["modules"]}
    for k in range(15):
        a, b = rng.sample(sorted(organ_of), 2)
        size = {"variable": b, "units": "1", "max_abs_change": 1.0, "relative": 10 ** rng.uniform(-4, 0)}
        g["edges"].append({"kind": rng.choice(["autocrine", "paracrine", "endocrine"]), "route": f"{a}->{b}",
                           "messenger": a, "source": organ_of[a], "target": organ_of[b], "producer": a, "module": b,
                           "tissue": organ_of[b], "effect": "-", "citation": "-", "perturbation": "",
                           "effect_size": size, "width": edge_width(size)})
    a = g["modules"][0]["id"]                                   # and one module acting on itself
    g["edges"].append({**g["edges"][-1], "route": f"{a}->{a}", "producer": a, "module": a, "messenger": a,
                       "source": organ_of[a], "target": organ_of[a]})
    fig = figure(g)
    try:
        assert label_overlaps(fig) == []
    finally:
        plt.close(fig)


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_draw_graph(model, tmp_path, suffix):
    path = draw_graph(model, tmp_path / f"graph{suffix}")
    assert path.is_file() and path.stat().st_size > 1000


def test_html_graph_is_self_contained(model, tmp_path):
    pytest.importorskip("plotly")
    g = signalling_graph(model, _fake_effects(model, [0.14, 0.0035, 0.0003, 0.046, 0.01, 0.2, 0.5]))
    path = draw_graph(model, tmp_path / "graph.html", graph=g)
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc\s*=", text, re.I)                 # plotly.js inlined, nothing fetched
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?(https?:)?//", text, re.I)
    assert "Plotly.newPlot" in text or "Plotly.react" in text
    for r in model.routes:                                   # the hover text of every route (HTML-escaped)
        assert r.id.replace(">", "&gt;") in text
    assert "perturbation evidence" in text and "effect size (blocked alone, default scenario)" in text
    assert "immune" in text and "routes.md" in text


# ---------------------------------------------------------------- the command
def test_graph_command_effects_json_and_html(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from myokinetics.cli import app

    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["graph", "-o", "g.png", "--json", "g.json"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert "computing the effect size of" in r.stderr and "graph written to g.png" in r.stdout
    assert (tmp_path / "g.png").stat().st_size > 50_000
    g = json.loads((tmp_path / "g.json").read_text())
    routes = [e for e in g["edges"] if e["kind"] != "flow"]
    assert routes and all(e["effect_size"]["relative"] > 0 for e in routes)     # every route acts
    routes.sort(key=lambda e: e["effect_size"]["relative"])
    assert [e["width"] for e in routes] == sorted(e["width"] for e in routes)
    assert g["scenario"] == "default scenario"

    pytest.importorskip("plotly")
    r = CliRunner().invoke(app, ["graph", "--no-effects", "--organ", "adipose", "-o", "a.html"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert "computing" not in r.stderr
    assert "neighbourhood of adipose" in (tmp_path / "a.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [["--organ", "nowhere"], ["--organ", "brian", "--json", "g.json"]])
def test_graph_command_bad_organ(tmp_path, monkeypatch, args):
    from typer.testing import CliRunner

    from myokinetics.cli import app

    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["graph", *args, "-o", "g.png"], catch_exceptions=False)
    assert r.exit_code == 2, r.output
    err = r.stderr.strip()
    assert err.startswith("error: --organ:") and "\n" not in err and "muscle" in err, err
    assert r.stdout == "" and "computing" not in r.stderr
    assert not (tmp_path / "g.png").exists() and not (tmp_path / "g.json").exists()
