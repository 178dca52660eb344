"""Interventions: block a signalling route, infuse a messenger, knock one out — as scenario inputs.

An intervention is an input of the scenario like the program, with a unit and a time window, and it
acts only through declared routes (:class:`~myokinetics.model.param.Signalling`) and infusion inputs:

* ``block``: the fraction of a messenger's signalling that is blocked (a receptor antibody such as
  tocilizumab for IL-6).  ``block: il6`` blocks every route IL-6 acts through; ``block: "il6->il1ra"``
  one route.  The messenger's concentration is not changed (its producer does not read the route); the
  blocked module sees ``rest + (1 - fraction) * (concentration - rest)``.
* ``infuse``: an exogenous infusion of a recombinant messenger (rate per kg body mass, from ``start``
  for ``duration``), added to its plasma appearance; only messengers whose module declares an infusion
  input can be infused (``myokinetics explain MESSENGER`` says so).
* ``knockout``: the what-if question "without this messenger": a full block of all its routes over the
  whole run (``--block il6`` on the command line is the same).

The window is given in days or hours from t = 0 (``from``/``to`` or ``start``/``duration``); its edges
become exact segment edges of the forcing.  An intervention of zero strength (fraction 0, rate 0) leaves
every result bit-identical to the run without it (tested).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Iterable, Optional, Union

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from myokinetics.errors import InputError, UnknownNameError

Qty = Union[str, int, float]


class BlockFile(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    block: str = Field(..., description="messenger (all its routes, e.g. il6) or one route 'il6->il1ra'")
    fraction: float = Field(1.0, ge=0.0, le=1.0, description="fraction of signalling blocked (0..1)")
    start: Optional[Qty] = Field(None, alias="from", description="start of the window, e.g. 'day 0' or '2 h' (default t = 0)")
    end: Optional[Qty] = Field(None, alias="to", description="end of the window (default: the end of the run)")


class InfuseFile(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    infuse: str = Field(..., description="messenger to infuse, e.g. il6")
    rate: Qty = Field(..., description="infusion rate per kg body mass, e.g. '2 ng/kg/h'")
    start: Qty = Field(0.0, alias="from", description="start, e.g. '0 h' or 'day 3'")
    duration: Qty = Field(..., description="e.g. '3 h'")


class KnockoutFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    knockout: str = Field(..., description="messenger whose every route is removed for the whole run")


InterventionFile = Union[BlockFile, InfuseFile, KnockoutFile]


@dataclass(frozen=True)
class Block:
    target: str                 # messenger or route id
    fraction: float = 1.0
    start_h: float = 0.0
    end_h: float | None = None  # None: to the end

    def describe(self) -> str:
        w = "" if self.start_h == 0 and self.end_h is None else f" from {self.start_h:g} h" + ("" if self.end_h is None else f" to {self.end_h:g} h")
        return f"block {self.target} ({self.fraction:.0%}){w}"


@dataclass(frozen=True)
class Infuse:
    messenger: str
    rate: float                 # ng/kg/h
    start_h: float
    duration_h: float

    def describe(self) -> str:
        return f"infuse {self.messenger} {self.rate:g} ng/kg/h from {self.start_h:g} h for {self.duration_h:g} h"


Intervention = Union[Block, Infuse]


def _time(value: Any, field: str) -> float:
    from myokinetics.program.parse import parse_duration
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    s = str(value).strip()
    if s.lower().startswith("day "):
        s = s[4:] + " days"
    return parse_duration(s, field)


def parse_interventions(items: Any, field: str = "interventions") -> tuple[Intervention, ...]:
    """Typed interventions from the scenario's ``interventions:`` list (or CLI strings such as ``il6``)."""
    from pydantic import ValidationError

    from myokinetics.io.quantity import parse_quantity
    if items is None:
        return ()
    if not isinstance(items, (list, tuple)):
        raise InputError(field, items, "a list such as [{block: il6}, {infuse: il6, rate: '2 ng/kg/h', duration: '3 h'}]")
    out: list[Intervention] = []
    for k, it in enumerate(items):
        f = f"{field}[{k}]"
        if isinstance(it, (Block, Infuse)):
            out.append(it)
            continue
        if not isinstance(it, dict) or not ({"block", "infuse", "knockout"} & set(it)):
            raise InputError(f, it, "a mapping with one of the keys block, infuse, knockout")
        try:
            if "block" in it:
                b = BlockFile.model_validate(it)
                start = _time(b.start, f + ".from") if b.start is not None else 0.0
                end = _time(b.end, f + ".to") if b.end is not None else None
                if end is not None and end <= start:
                    raise InputError(f + ".to", b.end, f"a time after the start ({start:g} h)")
                out.append(Block(b.block.strip().lower(), b.fraction, start, end))
            elif "infuse" in it:
                i = InfuseFile.model_validate(it)
                rate = parse_quantity(i.rate, "ng/kg/h", f + ".rate")
                if rate < 0:
                    raise InputError(f + ".rate", i.rate, "a non-negative rate per kg body mass, e.g. '2 ng/kg/h'")
                dur = _time(i.duration, f + ".duration")
                if dur <= 0:
                    raise InputError(f + ".duration", i.duration, "a positive duration, e.g. '3 h'")
                out.append(Infuse(i.infuse.strip().lower(), rate, _time(i.start, f + ".from"), dur))
            else:
                ko = KnockoutFile.model_validate(it)
                out.append(Block(ko.knockout.strip().lower(), 1.0, 0.0, None))
        except ValidationError as exc:
            err = exc.errors()[0]
            key = ".".join(str(x) for x in err["loc"])
            raise InputError(f"{f}.{key}", err.get("input"), err["msg"].replace("Input should be ", "")) from None
    return tuple(out)


def resolve_routes(model, target: str, field: str = "block") -> list:
    """The model's acting routes a block target names: a messenger (all its routes) or one route id."""
    ids = [r.id for r in model.routes]
    if "->" in target:
        hit = [r for r in model.routes if r.id == target.replace(" ", "")]
    else:
        hit = [r for r in model.routes if r.messenger == target]
    if not hit:
        names = sorted({r.messenger for r in model.routes}) + ids
        raise UnknownNameError(field, target, names, "a messenger with acting routes, or a route 'messenger->module'")
    return hit


def infusable(model) -> dict[str, str]:
    """messenger -> intervention signal name, for every messenger a module can receive by infusion."""
    return {s.name.split("__", 1)[1]: s.name for s in model.signals if s.name.startswith("infusion__")}


def apply(model, forcing, interventions: Iterable[Intervention]):
    """A copy of ``forcing`` with the interventions' windows as segment edges and their signals set."""
    interventions = tuple(interventions)
    if not interventions:
        return forcing
    t0, t1 = float(forcing.t[0]), float(forcing.t[-1])
    edges = set()
    plans: list[tuple[str, float, float, float]] = []      # (signal, value, start, end)
    inf = infusable(model)
    for k, iv in enumerate(interventions):
        if isinstance(iv, Block):
            end = t1 if iv.end_h is None else iv.end_h
            for r in resolve_routes(model, iv.target, f"interventions[{k}].block"):
                plans.append((r.open, 1.0 - iv.fraction, iv.start_h, end))
        else:
            if iv.messenger not in inf:
                raise UnknownNameError(f"interventions[{k}].infuse", iv.messenger, sorted(inf), "a messenger that can be infused")
            plans.append((inf[iv.messenger], iv.rate, iv.start_h, iv.start_h + iv.duration_h))
    t = forcing.t.astype(float)
    modality = np.asarray(forcing.fields.get("modality", np.zeros(t.size - 1)))
    moved: list[tuple[str, float, float, float]] = []
    for sig, value, a, b in plans:
        ab = []
        for e in (a, b):
            if t0 < e < t1:
                k = int(np.searchsorted(t, e, side="right") - 1)
                if modality[k] != 0 and e != t[k]:
                    e = float(t[k + 1])          # never split a working set or bout: the window starts after it
                edges.add(float(e))
            ab.append(e)
        moved.append((sig, value, ab[0], ab[1]))
    plans = moved
    # split rest segments at the new edges (a segment's fields are copied to both parts)
    new_t = np.unique(np.concatenate([t, np.array(sorted(edges))])) if edges else t
    seg_of = np.searchsorted(t, new_t[:-1], side="right") - 1           # original segment of each new segment
    fields = {name: np.asarray(v)[seg_of] for name, v in forcing.fields.items()}
    if "segment_hours" in fields:
        fields["segment_hours"] = np.diff(new_t)
    seg_set = forcing.seg_set[seg_of] if forcing.seg_set is not None else None
    mid = 0.5 * (new_t[:-1] + new_t[1:])
    from myokinetics.model.assemble import INTERVENTION_DEFAULTS
    for sig, value, a, b in plans:
        if sig not in fields:
            fields[sig] = np.full(mid.size, INTERVENTION_DEFAULTS[sig.split("__")[0]])
        inside = (mid >= a) & (mid < b)
        if sig.startswith("route_open__"):
            fields[sig] = np.where(inside, np.minimum(fields[sig], value), fields[sig])   # overlapping blocks: the stronger
        else:
            fields[sig] = np.where(inside, fields[sig] + value, fields[sig])               # overlapping infusions add
    notes = list(forcing.notes) + [f"intervention: {iv.describe()}" for iv in interventions]
    return dataclasses.replace(forcing, t=new_t, fields=fields, seg_set=seg_set, notes=notes)


def from_cli(blocks: Iterable[str] | None) -> tuple[Intervention, ...]:
    """``--block il6`` (repeatable; also 'il6->il1ra' or 'il6:0.5' for a partial block)."""
    out = []
    for b in blocks or ():
        name, _, frac = b.partition(":")
        try:
            fraction = float(frac) if frac else 1.0
        except ValueError:
            raise InputError("--block", b, "MESSENGER or MESSENGER:FRACTION, e.g. il6 or il6:0.5") from None
        if not 0.0 <= fraction <= 1.0:
            raise InputError("--block", b, "a fraction between 0 and 1, e.g. il6:0.5")
        out.append(Block(name.strip().lower(), fraction))
    return tuple(out)


def route_effects(scenario, model=None, only=None) -> dict[str, dict]:
    """Effect size of every acting route in ``scenario``: the change of the module it acts on when that
    route alone is fully blocked.

    Returns ``{route id: {"variable", "units", "max_abs_change", "relative"}}``
    where the change is the largest absolute difference over time (subject mean) of the acted-on module's
    recorded outputs, and ``relative`` divides it by that variable's largest magnitude in the intact run; the
    variable reported is the one that changes most in relative terms.
    """
    from myokinetics.api import simulate
    from myokinetics.models import build_model
    model = model if model is not None else build_model(scenario.parameters)
    base = simulate(scenario, model=model)
    out: dict[str, dict] = {}
    for r in model.routes:
        if only is not None and r.id not in only:
            continue
        mod = model.module(r.module)
        names = [v.name for v in list(mod.states) + list(mod.outputs) if v.name in base.data_vars]
        blocked = simulate(scenario.replace(interventions=tuple(scenario.interventions) + (Block(r.id),)), model=model)
        best = None
        for v in names:
            a = base[v].mean("subject") if "subject" in base[v].dims else base[v]
            b = blocked[v].mean("subject") if "subject" in blocked[v].dims else blocked[v]
            d = float(np.nanmax(np.abs(b.values - a.values)))
            scale = float(np.nanmax(np.abs(a.values))) or 1.0
            if best is None or d / scale > best["relative"]:
                best = {"variable": v, "units": base[v].attrs.get("units", ""), "max_abs_change": d, "relative": d / scale}
        out[r.id] = best or {"variable": None, "units": "", "max_abs_change": 0.0, "relative": 0.0}
    return out
