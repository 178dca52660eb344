"""The written tolerance rule (docs/MODULE_GUIDE.md, "The tolerance rule") holds for every study."""
import re

import pytest

from myokinetics.evidence.citations import bibliography
from myokinetics.validation import tolerance
from myokinetics.validation.study import load_studies, parse_study

STUDIES = load_studies()


@pytest.fixture(scope="module")
def references():
    return set(bibliography())


@pytest.mark.parametrize("study_id", [s.id for s in STUDIES])
def test_study_tolerance_follows_the_rule(study_id, references):
    s = next(x for x in STUDIES if x.id == study_id)
    assert tolerance.check(s, references) == []


BASE = {"id": "planted", "title": "x", "source": "x", "evidence": "A1", "role": "validation", "scenario": {},
        "observable": "il6", "statistic": "peak_fold", "observed": 2.3, "tolerance_note": "x"}


def test_rule_catches_a_planted_wide_tolerance():
    """2.3-fold with no spread: the default is 2.3 +/- 0.65; an interval from 1.0 (no response) is refused."""
    ok = parse_study({**BASE, "tolerance": [1.65, 2.95], "tolerance_rule": {"default": "fold"}})
    assert tolerance.check(ok) == []
    wide = parse_study({**BASE, "tolerance": [1.0, 2.5], "tolerance_rule": {"default": "fold"}})
    assert tolerance.check(wide) and "does not follow" in tolerance.check(wide)[0]
    assert tolerance.check(parse_study({**BASE, "tolerance": [1.0, 2.5]})) == ["planted: no tolerance_rule"]


def test_wider_needs_a_named_conflicting_source(references):
    key = sorted(references)[0]
    rule = {"wider": key, "default": "fold"}
    good = parse_study({**BASE, "tolerance": [1.2, 3.0], "tolerance_rule": rule, "tolerance_note": f"spans {key}"})
    assert tolerance.check(good, references) == []
    unnamed = parse_study({**BASE, "tolerance": [1.2, 3.0], "tolerance_rule": rule})
    assert any("must name" in p for p in tolerance.check(unnamed, references))
    bogus = parse_study({**BASE, "tolerance": [1.2, 3.0], "tolerance_rule": {"wider": "nobody1999", "default": "fold"},
                         "tolerance_note": "nobody1999"})
    assert any("not a reference key" in p for p in tolerance.check(bogus, references))
    narrower = parse_study({**BASE, "tolerance": [2.0, 2.5], "tolerance_rule": rule, "tolerance_note": key})
    assert any("must contain" in p for p in tolerance.check(narrower, references))


@pytest.mark.parametrize("rule,observed,expected", [
    ({"sd": 7.2, "n": 7}, 18.8, (18.8 - 5.334, 18.8 + 5.334)),
    ({"se": 20}, 73, (73 - 39.2, 73 + 39.2)),
    ({"default": "change"}, -4.0, (-5.0, -3.0)),
    ({"default": "time"}, 48, (36, 60)),
    ({"sampling_interval": 24}, 48, (24, 72)),
    ({"no_change": "fold"}, 1.0, (0.9, 1.1)),
    ({"no_change": "smd"}, 0.0, (-0.2, 0.2)),
    ({"proportion_n": 287}, 0.14, (0.14 - 0.0401, 0.14 + 0.0401)),
])
def test_rule_intervals(rule, observed, expected):
    lo, hi = tolerance.rule_interval(rule, observed)
    assert lo == pytest.approx(expected[0], abs=2e-3) and hi == pytest.approx(expected[1], abs=2e-3)


def test_sd_of_n_is_the_chi_square_interval():
    lo, hi = tolerance.rule_interval({"sd_of_n": 60}, 10.0)
    assert 8.4 < lo < 8.6 and 12.1 < hi < 12.3


def test_no_change_marks_the_study():
    s = parse_study({**BASE, "observed": 1.0, "tolerance": [0.9, 1.1], "tolerance_rule": {"no_change": "fold"}})
    assert s.no_change and tolerance.check(s) == []
    assert not parse_study({**BASE, "tolerance": [1.65, 2.95], "tolerance_rule": {"default": "fold"}}).no_change


def test_the_rule_is_written_in_the_module_guide():
    from pathlib import Path

    guide = (Path(__file__).parents[1] / "docs" / "MODULE_GUIDE.md").read_text()
    assert "## The tolerance rule" in guide
    for rule in tolerance.RULES:
        assert re.search(rf"`\{{?{rule}\b", guide), rule


SET_ASIDE_WORDS = ("gap", "missing", "not modelled", "not yet modelled", "no mechanism", "conflict", "inconsistent",
                   "tension", "cannot be reconciled", "follows from", "same gap", "as for")


def set_aside_problem(s) -> str:
    """A set-aside reason must name a missing mechanism or a conflicting source, never just 'outside tolerance'."""
    text = s.set_aside.lower()
    if not text:
        return ""
    if len(text) < 40 or not any(w in text for w in SET_ASIDE_WORDS):
        return f"{s.id}: set_aside must name a missing mechanism or a conflicting source: {s.set_aside[:80]!r}"
    return ""


@pytest.mark.parametrize("study_id", [s.id for s in STUDIES if s.set_aside])
def test_set_aside_names_a_mechanism_or_a_conflict(study_id):
    assert set_aside_problem(next(x for x in STUDIES if x.id == study_id)) == ""


def test_set_aside_rule_catches_outside_tolerance():
    s = parse_study({**BASE, "tolerance": [1.65, 2.95], "tolerance_rule": {"default": "fold"},
                     "set_aside": "simulated 1.2 is outside the tolerance of 1.65-2.95 for this study"})
    assert set_aside_problem(s)


def test_a_malformed_rule_is_one_input_error():
    from myokinetics.errors import InputError

    with pytest.raises(InputError, match="tolerance_rule"):
        parse_study({**BASE, "tolerance": [1.65, 2.95], "tolerance_rule": {"roughly": "fold"}})
