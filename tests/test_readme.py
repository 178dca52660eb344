"""The README stays true: counts from the code, links inside the repository, the Python version that works."""
from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_exercise_and_muscle_counts_match_the_library():
    from myokinetics.program.library import get_library

    lib = get_library()
    n_resistance = len(lib.by_modality("resistance"))
    counts = [int(x) for x in re.findall(r"(\d+) exercises, (?:\d+) muscle groups", README)]
    assert counts == [len(lib)], f"README says {counts} exercises; the library has {len(lib)}"
    groups = [int(x) for x in re.findall(r"(\d+) muscle groups", README)]
    assert groups and set(groups) == {len(lib.muscle_ids)}, groups
    resistance = [int(x) for x in re.findall(r"(\d+) resistance exercises", README)]
    assert resistance and set(resistance) == {n_resistance}, resistance


def test_relative_links_resolve_inside_the_repository():
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", README)
    local = [x for x in links if not re.match(r"^[a-z]+:", x)]
    assert local, "no relative links found"
    for link in local:
        target = (ROOT / link).resolve()
        assert target.is_relative_to(ROOT.resolve()), f"{link} points outside the repository"
        assert target.exists(), f"{link} does not exist"


def _requires_python() -> tuple[int, int]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    m = re.search(r'requires-python\s*=\s*">=\s*(\d+)\.(\d+)"', text)
    assert m, "pyproject.toml has no requires-python >= X.Y"
    return int(m.group(1)), int(m.group(2))


def test_readme_states_the_python_version_of_pyproject():
    major, minor = _requires_python()
    stated = re.findall(r"Python ≥ (\d+)\.(\d+)", README)
    assert stated and set(stated) == {(str(major), str(minor))}, stated


def test_every_pin_installs_on_the_stated_python():
    """Each pinned package that is installed at its pinned version allows the oldest Python we state."""
    from packaging.specifiers import SpecifierSet

    oldest = "%d.%d" % _requires_python()
    checked, too_new = 0, []
    for line in (ROOT / "requirements-lock.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, version = line.split("==")
        try:
            meta = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            continue
        if meta["Version"] != version:
            continue
        checked += 1
        spec = meta.get("Requires-Python")
        if spec and not SpecifierSet(spec).contains(oldest + ".0"):
            too_new.append(f"{name}=={version} needs Python {spec}")
    if not checked:
        pytest.skip("the pinned versions are not installed here")
    assert not too_new, too_new
