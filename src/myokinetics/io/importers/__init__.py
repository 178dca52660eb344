"""Training-log importers: ``myokinetics import LOG [--format F] -o scenario.yaml``.

One module per format (:mod:`.strong`, :mod:`.hevy`, :mod:`.fitnotes`, :mod:`.jefit`, :mod:`.fit`,
:mod:`.wger`), each with ``read(path, unit) -> TrainingLog``; :mod:`.core` builds the scenario and
:mod:`.names` maps exercise names.  docs/importers.md describes the layouts and the rules.
"""
from __future__ import annotations

import json
from pathlib import Path

from myokinetics.errors import InputError
from myokinetics.io.importers import fit, fitnotes, hevy, jefit, strong, wger
from myokinetics.io.importers.core import ImportOptions, ImportResult, LoggedSet, TrainingLog, build_scenario

FORMATS = {"strong": strong, "hevy": hevy, "fitnotes": fitnotes, "jefit": jefit, "fit": fit, "wger": wger}

__all__ = ["FORMATS", "detect_format", "read_log", "import_log", "ImportOptions", "ImportResult", "LoggedSet",
           "TrainingLog", "build_scenario"]


def detect_format(path: str | Path) -> str:
    """The format of ``path`` from its content; an InputError when unknown or ambiguous."""
    p = Path(path)
    try:
        head = p.read_bytes()[:65536]
    except FileNotFoundError:
        raise InputError("LOG", str(path), "an existing file") from None
    except IsADirectoryError:
        raise InputError("LOG", str(path), "a file, not a folder") from None
    if fit.looks_like(head):
        return "fit"
    text = head.decode("utf-8-sig", errors="replace")
    found = []
    if text.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(p.read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            data = None
        if data is not None and wger.looks_like_json(data):
            found.append("wger")
    elif jefit.looks_like(text):
        found.append("jefit")
    else:
        first = text.splitlines()[0] if text.splitlines() else ""
        delim = max((";", ",", "\t"), key=first.count)
        header = [h.strip().strip('"') for h in first.split(delim)]
        for name, mod in (("strong", strong), ("hevy", hevy), ("fitnotes", fitnotes), ("wger", wger)):
            if mod.looks_like(header):
                found.append(name)
    if len(found) != 1:
        raise InputError("--format", "(not given)", "one of " + ", ".join(FORMATS),
                         ("the file matches " + " and ".join(found) if found else
                          "the file's header matches no known export") + "; give --format")
    return found[0]


def read_log(path: str | Path, fmt: str | None = None, unit: str | None = None) -> TrainingLog:
    """The log in ``path`` (format detected when ``fmt`` is None); ``unit`` for layouts that do not say it."""
    if unit is not None and unit not in ("kg", "lb"):
        raise InputError("--unit", unit, "kg or lb")
    if fmt is None:
        fmt = detect_format(path)
    if fmt not in FORMATS:
        raise InputError("--format", fmt, "one of " + ", ".join(FORMATS))
    if not Path(path).exists():
        raise InputError("LOG", str(path), "an existing file")
    return FORMATS[fmt].read(Path(path), unit)


def import_log(path: str | Path, fmt: str | None = None, unit: str | None = None,
               options: ImportOptions | None = None) -> ImportResult:
    """Read ``path`` and build its scenario (see :func:`~myokinetics.io.importers.core.build_scenario`)."""
    return build_scenario(read_log(path, fmt, unit), options)
