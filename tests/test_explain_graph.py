"""explain() and the inter-organ signalling graph, both derived from module declarations."""
from __future__ import annotations

import pytest

from myokinetics.errors import UnknownNameError
from myokinetics.model.explain import explain
from myokinetics.model.graph import draw_graph, signalling_graph
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


def test_graph_has_every_organ_and_route(model):
    g = signalling_graph(model)
    ids = {n["id"] for n in g["nodes"]}
    for m in model.modules + model.signal_modules:
        assert m.organ in ids
        for r in m.routes:
            assert r.target in ids
            assert any(e["kind"] == r.kind and e["module"] == m.name and e["target"] == r.target
                       and e["modelled"] == r.modelled for e in g["edges"] if e["kind"] != "flow")
    for e in g["edges"]:
        assert e["source"] in ids and e["target"] in ids


def test_graph_flows(model):
    g = signalling_graph(model)
    flows = [e for e in g["edges"] if e["kind"] == "flow"]
    assert any(e["variable"] == "il6" and e["source"] == "blood" and e["target"] == "immune" for e in flows)
    assert any(e["variable"] == "il6_release_drive" and e["source"] == "muscle" for e in flows)


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_draw_graph(model, tmp_path, suffix):
    path = draw_graph(model, tmp_path / f"graph{suffix}")
    assert path.is_file() and path.stat().st_size > 1000
