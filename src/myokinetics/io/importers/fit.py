"""Garmin FIT strength-training activities (``set`` messages), decoded with garmin-fit-sdk.

Why garmin-fit-sdk (not fitdecode): it is Garmin's own SDK, released with each FIT profile
(21.218 here), so the exercise-category and exercise-name tables of ``set`` messages come from the
profile itself, and the same package has an encoder, which the tests use to write a real FIT sample.
It is an optional dependency (``pip install myokinetics[import]``).

Read: every ``set`` message (profile message 225): ``set_type`` (``active`` = a set, ``rest`` = the
rest after it), ``repetitions``, ``weight`` (kg in the file; ``weight_display_unit`` says whether
the watch showed pounds), ``category`` and ``category_subtype`` (the exercise, named by the
profile's ``<category>_exercise_name`` table, e.g. squat/barbell_back_squat), ``start_time``,
``duration`` (s).  Times are UTC in FIT; the activity message's ``local_timestamp`` gives the local
offset when present.  Garmin marks no warm-up sets in ``set`` messages (a ``warm_up`` category is
read as a warm-up).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from myokinetics.errors import InputError
from myokinetics.io.importers.core import LoggedSet, TrainingLog

WHAT = "a Garmin FIT activity file with set messages (strength training)"


def looks_like(head: bytes) -> bool:
    return len(head) >= 12 and head[8:12] == b".FIT"


def _sdk():
    try:
        import garmin_fit_sdk
    except ImportError:
        raise InputError("--format", "fit", "an installed garmin-fit-sdk for FIT files",
                         "pip install 'myokinetics[import]'") from None
    return garmin_fit_sdk


def exercise_name(category, subtype) -> str:
    """Profile name of (category, subtype), written with spaces ("barbell back squat")."""
    sdk = _sdk()
    cat = category[0] if isinstance(category, (list, tuple)) else category
    sub = subtype[0] if isinstance(subtype, (list, tuple)) else subtype
    if cat is None or cat == "unknown":
        return "unknown FIT exercise"
    table = sdk.Profile["types"].get(f"{cat}_exercise_name", {})
    name = table.get(int(sub)) if isinstance(sub, (int, float)) else sub
    if name is None:
        return f"{cat} (FIT exercise {sub})"
    name = str(name)
    if name.startswith("weighted_"):
        name = name[len("weighted_"):]
    return name.replace("_", " ")


def _naive(t) -> dt.datetime | None:
    if t is None:
        return None
    if isinstance(t, dt.datetime):
        return t.astimezone(dt.timezone.utc).replace(tzinfo=None) if t.tzinfo else t
    return None


def read(path: Path, unit: str | None = None) -> TrainingLog:
    sdk = _sdk()
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("LOG", str(path), "an existing file") from None
    if not looks_like(data[:14]):
        raise InputError("LOG", str(path), WHAT, "no FIT header ('.FIT' signature)")
    stream = sdk.Stream.from_byte_array(bytearray(data))
    decoder = sdk.Decoder(stream)
    if not decoder.is_fit():
        raise InputError("LOG", str(path), WHAT, "not a FIT file")
    messages, errors = decoder.read()
    if errors:
        raise InputError("LOG", str(path), WHAT, f"decoding failed: {str(errors[0]).splitlines()[0]}")
    raw = messages.get("set_mesgs") or []
    if not raw:
        raise InputError("LOG", str(path), WHAT, "the file has no set messages (not a strength activity?)")
    offset = dt.timedelta(0)
    for a in messages.get("activity_mesgs") or []:
        ts, local = a.get("timestamp"), a.get("local_timestamp")
        if isinstance(ts, dt.datetime) and isinstance(local, (int, float, dt.datetime)):
            utc = _naive(ts)
            local_dt = _naive(local) if isinstance(local, dt.datetime) else \
                dt.datetime(1989, 12, 31) + dt.timedelta(seconds=int(local))
            offset = dt.timedelta(minutes=round((local_dt - utc).total_seconds() / 60))
    starts = [_naive(m.get("start_time") or m.get("timestamp")) for m in raw]
    starts = [s for s in starts if s is not None]
    if not starts:
        raise InputError("LOG", str(path), WHAT, "the set messages have no start_time")
    session_start = min(starts) + offset
    sets: list[LoggedSet] = []
    for i, m in enumerate(raw):
        where = f"set message {i + 1}"
        kind = str(m.get("set_type", "active"))
        if kind == "rest":
            if sets and m.get("duration"):
                sets[-1].rest_after_s = float(m["duration"])
            continue
        name = exercise_name(m.get("category"), m.get("category_subtype"))
        cat = m.get("category")
        cat0 = cat[0] if isinstance(cat, (list, tuple)) and cat else cat
        w = m.get("weight")
        shown = str(m.get("weight_display_unit", "")) or None
        sets.append(LoggedSet(session_start, name, "FIT activity", float(w) if w is not None else None,
                              "kg" if w is not None else None,
                              float(m["repetitions"]) if m.get("repetitions") is not None else None,
                              kind="warmup" if cat0 == "warm_up" else "working",
                              duration_s=float(m["duration"]) if m.get("duration") else None,
                              notes=f"watch showed {shown}" if shown == "pound" else "", where=where))
    return TrainingLog("fit", str(path), "FIT set messages (garmin-fit-sdk profile "
                       f"{sdk.Profile.get('version', {}).get('major', '?')}.{sdk.Profile.get('version', {}).get('minor', '?')})",
                       sets)
