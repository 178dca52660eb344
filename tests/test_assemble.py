"""Wiring by name, unit checks and rejection of unknown or unused names."""
import pytest

from myokinetics.errors import InputError, ModelError, UnknownNameError
from myokinetics.model.assemble import assemble
from myokinetics.model.module import Module
from myokinetics.model.param import Input, Param, State, Var
from myokinetics.models import build_model
from myokinetics.program.compile import FORCING_FIELDS

MUSCLES = ("quadriceps",)


class Source(Module):
    name = "src"
    organ = "muscle"
    states = (State("x", "pg/mL", "x0", decay="k"),)
    params = (Param("x0", 1.0, "pg/mL", "assumption", grade="assumption"), Param("k", 1.0, "1/h", "assumption", grade="assumption"))

    @staticmethod
    def rhs(x, x0, k):
        return (k * (x0 - x),)


class Reader(Module):
    name = "reader"
    organ = "liver"
    states = (State("z", "1", 1.0, decay="k"),)
    inputs = (Input("x", "ng/mL"),)
    params = (Param("k", 1.0, "1/h", "assumption", grade="assumption"),)

    @staticmethod
    def rhs(z, x, k):
        return (k * (1.0 + x - z),)


def test_units_are_converted_once_at_assembly():
    m = assemble([Source, Reader], muscles=MUSCLES, forcing_fields=FORCING_FIELDS)
    src, fac = m.wiring["reader"]["x"]
    assert src.name == "x" and fac == pytest.approx(1e-3)


def test_unknown_input_is_rejected_with_a_hint():
    class Typo(Reader):
        name = "typo"
        inputs = (Input("xx", "pg/mL"),)

        @staticmethod
        def rhs(z, xx, k):
            return (k * (xx - z),)

    with pytest.raises(UnknownNameError) as e:
        assemble([Source, Typo], muscles=MUSCLES, forcing_fields=FORCING_FIELDS)
    assert "x" in e.value.suggestions


def test_incompatible_units_are_rejected():
    class Wrong(Reader):
        name = "wrong"
        inputs = (Input("x", "kg"),)

    with pytest.raises(ModelError, match="declared in kg"):
        assemble([Source, Wrong], muscles=MUSCLES, forcing_fields=FORCING_FIELDS)


def test_declared_but_unused_argument_is_rejected():
    class Lazy(Reader):
        name = "lazy"
        params = (Param("k", 1.0, "1/h", "assumption", grade="assumption"), Param("unused", 1.0, "1", "assumption", grade="assumption"))

        @staticmethod
        def rhs(z, x, k, unused):
            return (k * (1.0 + x - z),)

    with pytest.raises(ModelError, match="never used"):
        assemble([Source, Lazy], muscles=MUSCLES, forcing_fields=FORCING_FIELDS)


def test_param_without_source_or_outside_range_is_rejected():
    with pytest.raises(ModelError, match="no source"):
        Param("a", 1.0, "1/h", "")
    with pytest.raises(ModelError, match="outside"):
        Param("a", 5.0, "1/h", "x", (0, 1))
    with pytest.raises(ModelError, match="unknown unit"):
        Param("a", 1.0, "blorbs/h", "x")


def test_parameter_overrides_are_checked():
    with pytest.raises(UnknownNameError) as e:
        build_model({"il6.k_cler": 3.0})
    assert "il6.k_clear" in e.value.suggestions
    with pytest.raises(InputError, match="plausible range"):
        build_model({"il6.k_clear": 1000.0})
    assert build_model({"il6.k_clear": 10.0}).param_defs["il6.k_clear"].value == 10.0


def test_default_model_is_wired_and_cites_sources(model):
    assert {"il6", "il1ra", "il10", "tnfa"} <= {s.name for s in model.states}
    assert model.consumers("il6") and model.producer("il6") == "il6"
    assert "ostrowski1998" in model.citations
