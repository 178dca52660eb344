"""Tests of the exercise library (data files + loader)."""
from __future__ import annotations

import copy
import math
import re
from pathlib import Path

import pytest

import myokinetics
from myokinetics.errors import ModelError, UnknownNameError
from myokinetics.program.exercise import Exercise, MuscleGroup
from myokinetics.program.library import (
    ASSUMPTION, SEXES, ExerciseLibrary, _read_yaml, get_library, normalize_name, source_keys,
)

BIB_PATH = Path(myokinetics.__file__).parent / "evidence" / "references.bib"


@pytest.fixture(scope="module")
def lib() -> ExerciseLibrary:
    return get_library()


def _bib_keys() -> set[str]:
    keys: set[str] = set()
    keys.update(re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", BIB_PATH.read_text(encoding="utf-8")))
    return keys


# ---- loading and structure -------------------------------------------------

def test_get_library_is_cached(lib):
    assert get_library() is lib


def test_types(lib):
    assert all(isinstance(m, MuscleGroup) for m in lib.muscles.values())
    assert all(isinstance(e, Exercise) for e in lib.exercises.values())
    assert all(k == e.id for k, e in lib.exercises.items())
    assert all(k == m.id for k, m in lib.muscles.items())


def test_at_least_40_resistance_exercises(lib):
    assert len(lib.by_modality("resistance")) >= 40
    assert len(lib) >= 45


@pytest.mark.parametrize("name", ["Run", "Cycle", "Row", "Swim", "Walk", "Elliptical"])
def test_endurance_modalities(lib, name):
    ex = lib.get(name)
    assert ex.modality == "endurance"
    assert ex.mechanics == "cyclic"
    assert not ex.is_resistance


def test_muscle_groups_cover_body(lib):
    assert 14 <= len(lib.muscle_ids) <= 18
    assert lib.muscle_ids == tuple(lib.muscles)
    for mid in ("quadriceps", "hamstrings", "gluteals", "calves", "pectorals", "deltoids",
                "latissimus_dorsi", "erector_spinae", "abdominals", "biceps", "triceps", "forearms"):
        assert mid in lib.muscles


@pytest.mark.parametrize("sex", SEXES)
def test_mass_fractions_sum_to_one(lib, sex):
    total = math.fsum(m.mass_fraction[sex] for m in lib.muscles.values())
    assert total == pytest.approx(1.0, abs=1e-6)
    assert all(0 < m.mass_fraction[sex] < 1 for m in lib.muscles.values())


def test_legs_larger_share_in_women(lib):
    legs = ("quadriceps", "hamstrings", "gluteals", "adductors", "hip_flexors", "calves")
    share = {s: sum(lib.muscles[m].mass_fraction[s] for m in legs) for s in SEXES}
    assert share["female"] > share["male"]  # Janssen et al. 2000: larger sex gap in upper body


def test_type2_fractions_plausible(lib):
    for m in lib.muscles.values():
        assert 0.0 <= m.type2_fraction <= 1.0
    # soleus-dominated calves are slow; triceps brachii is fast (Johnson et al. 1973)
    assert lib.muscles["calves"].type2_fraction < 0.4
    assert lib.muscles["triceps"].type2_fraction > 0.6


def test_every_muscle_has_source_and_note(lib):
    for m in lib.muscles.values():
        assert m.source.strip()
        assert m.note.strip()
        if ASSUMPTION in m.source:
            assert "assumption" in m.note.lower()


def test_exercise_fields_valid(lib):
    for ex in lib.exercises.values():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", ex.id)
        assert ex.name
        assert ex.modality in ("resistance", "endurance", "interval")
        assert ex.laterality in ("bilateral", "unilateral")
        assert ex.mechanics in ("compound", "isolation", "cyclic")
        assert 0.0 <= ex.eccentric <= 1.0
        assert ex.rep_duration_s > 0
        assert ex.source.strip()
        assert ex.muscles
        assert any(v == 1.0 for v in ex.muscles.values()), f"{ex.id} has no prime mover"


def test_every_exercise_muscle_exists(lib):
    for ex in lib.exercises.values():
        for mid, involvement in ex.muscles.items():
            assert mid in lib.muscles, (ex.id, mid)
            assert 0.0 < involvement <= 1.0


def test_involvement_follows_fractional_convention(lib):
    for ex in lib.exercises.values():
        assert set(ex.muscles.values()) <= {0.5, 1.0}, ex.id


def test_eccentric_emphasis_examples(lib):
    assert lib.get("Cycle").eccentric == 0.0
    assert lib.get("Sled push").eccentric == 0.0
    assert lib.get("Nordic curl").eccentric > lib.get("Leg curl").eccentric
    assert lib.get("RDL").eccentric > 0.5


def test_sentence_case_names(lib):
    for ex in lib.exercises.values():
        first, rest = ex.name[0], ex.name[1:]
        assert first.isupper(), ex.name
        # sentence case: no capitalised word after the first, except acronyms
        for word in rest.split():
            assert not (word[0].isupper() and word[1:].islower()), ex.name


# ---- look-up -----------------------------------------------------------------

@pytest.mark.parametrize("alias, expected", [
    ("Squat", "back_squat"),
    ("squat", "back_squat"),
    ("SQUATS", "back_squat"),
    ("Back squat", "back_squat"),
    ("back-squat", "back_squat"),
    ("back_squat", "back_squat"),
    ("  Back   Squat ", "back_squat"),
    ("Bench", "bench_press"),
    ("OHP", "overhead_press"),
    ("ohp", "overhead_press"),
    ("Chin up", "chin_up"),
    ("Chin-up", "chin_up"),
    ("chinup", "chin_up"),
    ("Pullup", "pull_up"),
    ("Pull-up", "pull_up"),
    ("pull_up", "pull_up"),
    ("Pull ups", "pull_up"),
    ("RDL", "romanian_deadlift"),
    ("Pulldown", "lat_pulldown"),
    ("Lat pull-down", "lat_pulldown"),
    ("Farmer's walk", "farmers_carry"),
    ("farmers carry", "farmers_carry"),
    ("Nordic curl", "nordic_hamstring_curl"),
    ("Leg curl", "lying_leg_curl"),
    ("Skullcrusher", "skull_crusher"),
    ("Running", "run"),
    ("rowing ergometer", "row"),
    ("Bike", "cycle"),
])
def test_get_by_alias_and_case(lib, alias, expected):
    assert lib.get(alias).id == expected


def test_unknown_exercise_suggests_close_match(lib):
    with pytest.raises(UnknownNameError) as info:
        lib.get("Back sqat")
    err = info.value
    assert err.field == "exercise"
    assert err.value == "Back sqat"
    assert "Back squat" in err.suggestions
    assert "Back squat" in str(err)
    assert "myokinetics exercises" in str(err)


def test_unknown_exercise_without_match(lib):
    with pytest.raises(UnknownNameError):
        lib.get("Underwater basket weaving")
    assert lib.find("Underwater basket weaving") is None
    assert "Underwater basket weaving" not in lib
    assert "Bench" in lib


def test_no_duplicate_labels(lib):
    seen: dict[str, str] = {}
    for ex in lib.exercises.values():
        for label in {normalize_name(x) for x in (ex.id, ex.name, *ex.aliases)}:
            assert label not in seen or seen[label] == ex.id, (label, ex.id, seen.get(label))
            seen[label] = ex.id


def test_search(lib):
    curls = {e.id for e in lib.search("curl")}
    assert {"biceps_curl", "hammer_curl", "lying_leg_curl", "nordic_hamstring_curl"} <= curls
    ham = {e.id for e in lib.search("hamstrings")}
    assert "romanian_deadlift" in ham and "bench_press" not in ham
    assert {e.id for e in lib.search("OHP")} == {"overhead_press"}
    assert {e.id for e in lib.search("latissimus")} >= {"pull_up", "lat_pulldown"}
    assert lib.search("zzzz") == []


def test_muscle_lookup(lib):
    assert lib.muscle("quadriceps").id == "quadriceps"
    with pytest.raises(UnknownNameError) as info:
        lib.muscle("quadricep")
    assert "quadriceps" in info.value.suggestions


# ---- sources -----------------------------------------------------------------

def test_bib_file_exists():
    assert BIB_PATH.is_file(), BIB_PATH


def test_every_source_key_in_bib(lib):
    keys = _bib_keys()
    used = set()
    for m in lib.muscles.values():
        used.update(source_keys(m.source))
    for ex in lib.exercises.values():
        used.update(source_keys(ex.source))
    assert used, "no source keys found"
    missing = sorted(used - keys)
    assert not missing, f"source keys missing from {BIB_PATH}: {missing}"
    for core in ("janssen2000", "handsfield2014", "holzbaur2007", "johnson1973", "pelland2024"):
        assert core in used


def test_bib_entries_complete(lib):
    # the articles the exercise library cites are complete (references.bib also holds
    # other modules' entries, some of which are abstracts with parts marked unverified)
    used = set()
    for item in list(lib.muscles.values()) + list(lib.exercises.values()):
        used.update(source_keys(item.source))
    text = BIB_PATH.read_text(encoding="utf-8")
    entries = re.findall(r"@article\s*\{\s*([^,\s]+)\s*,([^@]*)", text)
    for entry in (body for key, body in entries if key in used):
        for field in ("author", "title", "journal", "year", "volume", "pages"):
            assert re.search(rf"\b{field}\s*=", entry), (field, entry[:60])


def test_free_exercise_db_licence_note_present(lib):
    if any("freeexercisedb" in source_keys(ex.source) for ex in lib.exercises.values()):
        path = Path(myokinetics.__file__).parent / "data" / "LICENSE-free-exercise-db.md"
        assert path.is_file()
        assert "public domain" in path.read_text(encoding="utf-8").lower()


# ---- validation of broken data -------------------------------------------------

@pytest.fixture(scope="module")
def raw():
    return _read_yaml("muscles.yaml"), _read_yaml("exercises.yaml")


def test_raw_data_loads(raw):
    lib = ExerciseLibrary.from_data(*raw)
    assert len(lib) == len(get_library())


def test_rejects_unknown_muscle(raw):
    muscles, exercises = copy.deepcopy(raw)
    exercises["exercises"][0]["muscles"]["spleen"] = 1.0
    with pytest.raises(ModelError, match="spleen"):
        ExerciseLibrary.from_data(muscles, exercises)


@pytest.mark.parametrize("value", [0.0, -0.5, 1.5])
def test_rejects_bad_involvement(raw, value):
    muscles, exercises = copy.deepcopy(raw)
    exercises["exercises"][0]["muscles"]["quadriceps"] = value
    with pytest.raises(ModelError, match="involvement"):
        ExerciseLibrary.from_data(muscles, exercises)


def test_rejects_fractions_not_summing_to_one(raw):
    muscles, exercises = copy.deepcopy(raw)
    muscles["muscles"][0]["mass_fraction"]["female"] += 0.01
    with pytest.raises(ModelError, match="sum"):
        ExerciseLibrary.from_data(muscles, exercises)


def test_rejects_duplicate_id(raw):
    muscles, exercises = copy.deepcopy(raw)
    exercises["exercises"].append(copy.deepcopy(exercises["exercises"][0]))
    with pytest.raises(ModelError, match="duplicate"):
        ExerciseLibrary.from_data(muscles, exercises)


def test_rejects_alias_clash(raw):
    muscles, exercises = copy.deepcopy(raw)
    exercises["exercises"][1]["aliases"] = ["Squat"]  # already an alias of back_squat
    with pytest.raises(ModelError, match="clashes"):
        ExerciseLibrary.from_data(muscles, exercises)


def test_rejects_duplicate_muscle_id(raw):
    muscles, exercises = copy.deepcopy(raw)
    muscles["muscles"].append(copy.deepcopy(muscles["muscles"][0]))
    with pytest.raises(ModelError, match="duplicate"):
        ExerciseLibrary.from_data(muscles, exercises)


def test_regions_follow_the_mass_fraction_construction(lib):
    regions = {m.id: m.region for m in lib.muscles.values()}
    assert regions["quadriceps"] == regions["calves"] == "lower_limb"
    assert regions["biceps"] == regions["triceps"] == regions["deltoids"] == "upper_limb"
    assert regions["erector_spinae"] == "trunk"


def test_rejects_bad_region(raw):
    muscles, exercises = copy.deepcopy(raw)
    muscles["muscles"][0]["region"] = "head"
    with pytest.raises(ModelError, match="region"):
        ExerciseLibrary.from_data(muscles, exercises)


@pytest.mark.parametrize("value", [0.0, 1.5])
def test_rejects_bad_limb_share(raw, value):
    muscles, exercises = copy.deepcopy(raw)
    exercises["exercises"][0]["limb_share"] = value
    with pytest.raises(ModelError, match="limb_share"):
        ExerciseLibrary.from_data(muscles, exercises)


def test_one_limb_exercise_has_half_share(lib):
    assert lib.get("One-legged knee extension").limb_share == 0.5
    assert lib.get("Back squat").limb_share == 1.0


# --- the exercises users log (issue 14) ---------------------------------------------------------------
@pytest.mark.parametrize("logged, exercise_id", [
    ("Smith machine squat", "smith_machine_squat"), ("Smith squat", "smith_machine_squat"),
    ("Smith machine bench press", "smith_machine_bench_press"), ("Smith incline bench press", "smith_machine_incline_press"),
    ("Hip adduction machine", "hip_adduction"), ("Adductor machine", "hip_adduction"),
    ("Hip abduction", "hip_abduction"), ("Cable fly", "cable_fly"), ("Pec deck", "chest_fly"), ("Hack squat", "hack_squat"),
    ("Bulgarian split squat", "bulgarian_split_squat"), ("Seated calf raise", "seated_calf_raise"),
    ("Face pull", "face_pull"), ("Preacher curl", "preacher_curl"), ("Hammer curl", "hammer_curl"),
    ("Skull crusher", "skull_crusher"), ("Incline dumbbell press", "incline_dumbbell_press"),
    ("Chest press machine", "machine_chest_press"), ("Machine shoulder press", "machine_shoulder_press"),
    ("T-bar row", "t_bar_row"), ("Seal row", "chest_supported_row"), ("Straight-arm pulldown", "pullover"),
    ("Triceps kickback", "triceps_kickback"), ("Glute kickback", "cable_glute_kickback"), ("Ab wheel", "ab_wheel_rollout"),
    ("Upright row", "upright_row"), ("Front raise", "front_raise"), ("Arnold press", "arnold_press"),
    ("Concentration curl", "concentration_curl"), ("Decline bench press", "decline_bench_press"),
    ("GHR", "glute_ham_raise"), ("Reverse hyper", "reverse_hyperextension"), ("Side plank", "side_plank"),
])
def test_commonly_logged_exercises_are_in_the_library(logged, exercise_id):
    lib = get_library()
    ex = lib.get(logged)
    assert ex.id == exercise_id
    assert ex.muscles and all(0 < v <= 1 for v in ex.muscles.values())
    assert ex.source and ex.equipment and ex.rep_duration_s > 0


def test_readme_counts_are_generated_from_the_library():
    """README.md and docs/ARCHITECTURE.md quote the library's size; tools/readme_counts.py writes it."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "tools" / "readme_counts.py"
    spec = importlib.util.spec_from_file_location("readme_counts", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.main(["--check"]) == 0, "run python tools/readme_counts.py"
    lib = get_library()
    readme = (path.parents[1] / "README.md").read_text()
    assert f"({len(lib)} exercises, {len(lib.muscle_ids)} muscle groups)" in readme
