"""explain(model, name): what a variable, module or parameter is, what drives it and what it drives.

Everything printed is read from the modules' declarations (states, outputs,
inputs, params, routes) as wired by ``assemble``; nothing is hand-written here.
Sources are BibTeX keys resolved against ``references.bib``; parameters with
no direct source are flagged ASSUMPTION.
"""
from __future__ import annotations

from dataclasses import dataclass

from myokinetics.errors import UnknownNameError
from myokinetics.evidence.citations import format_citations, split_keys
from myokinetics.model.assemble import Model
from myokinetics.model.param import GRADES, Param

_KIND = {"state": "state", "output": "output", "signal": "signal (constant within a program segment)",
         "covariate": "subject covariate", "constant": "exercise-library constant", "field": "program field"}


@dataclass
class _Var:
    name: str
    unit: str
    kind: str        # state | output | signal | covariate | constant | field
    owner: str       # module name, "subject", "library" or "program"
    long_name: str = ""
    dims: tuple[str, ...] = ()


def _variables(model: Model) -> dict[str, _Var]:
    out: dict[str, _Var] = {}
    for group in (model.states, model.outputs, model.signals, model.covariates, model.constants):
        for s in group:
            out[s.name] = _Var(s.name, s.unit, s.kind, s.owner, s.long_name, s.dims)
    for m in model.signal_modules:          # signal outputs read only by other signal modules
        for o in m.outputs:
            out.setdefault(o.name, _Var(o.name, o.unit, "signal", m.name, o.long_name, o.dims))
    for name, i in model.forcing_fields.items():
        out.setdefault(name, _Var(name, i.unit, "field", "program", "", i.dims))
    return out


def _all_modules(model: Model) -> list:
    return list(model.signal_modules) + list(model.modules) + list(getattr(model, "observers", ()))


def _module_of(model: Model, name: str):
    return next(m for m in _all_modules(model) if m.name == name)


def _readers(model: Model, var: str) -> list:
    return [m for m in _all_modules(model) if any(i.name == var for i in m.inputs)]


_EXTERNAL = {"subject": "subject covariate", "library": "exercise-library constant (per muscle group)",
             "program": "field of the compiled program"}


def _where(model: Model, v: _Var) -> str:
    """'output of module il6_muscle (muscle)', 'subject covariate', ..."""
    if v.owner in _EXTERNAL:
        return _EXTERNAL[v.owner]
    return f"{_KIND[v.kind]} of module {v.owner} ({_module_of(model, v.owner).organ})"


def _u(unit: str) -> str:
    return "" if unit == "1" else f" {unit}"


# ------------------------------------------------------------------ pieces
def _param_lines(key: str, p: Param, indent: str = "  ") -> list[str]:
    rng = f"{p.range[0]:g}-{p.range[1]:g}{_u(p.unit)}" if p.range else "not given"
    if p.dist == "fixed":
        spread = "same for every subject"
    elif p.dist == "logitnormal":
        spread = f"logit-normal between subjects, SD {p.cv:g} on the logit scale"
    else:
        spread = f"{p.dist} between subjects, CV {p.cv:g}"
    keys = ", ".join(p.keys)
    if p.is_assumption:
        src = "ASSUMPTION (no direct source" + (f"; informed by {keys})" if keys else ")")
    else:
        src = f"source: {keys}"
    lines = [f"{indent}{key} = {p.value:g}{_u(p.unit)}   [grade {p.grade}: {GRADES[p.grade]}]",
             f"{indent}    {src}",
             f"{indent}    plausible range {rng}; {spread}"]
    if p.note:
        lines.append(f"{indent}    note: {p.note}")
    return lines


def _input_lines(model: Model, module, variables: dict[str, _Var], indent: str = "  ") -> list[str]:
    lines = []
    for i in module.inputs:
        v = variables.get(i.name)
        red = ", summed over muscles" if i.reduce == "sum" else ""
        src = _where(model, v) if v else "unresolved"
        lines.append(f"{indent}{i.name} [{i.unit}{red}] <- {src}")
    return lines or [f"{indent}(none)"]


def _route_lines(module, indent: str = "  ") -> list[str]:
    return [f"{indent}-> {r.target:<10} {r.kind:<10} {r.effect}  "
            f"[{'modelled' if r.modelled else 'declared, not modelled'}] ({r.source})" for r in module.routes]


def _drives_lines(model: Model, names: list[str], indent: str = "  ") -> list[str]:
    lines = []
    for n in names:
        readers = _readers(model, n)
        if readers:
            lines.append(f"{indent}{n} is read by " + ", ".join(f"{m.name} ({m.organ})" for m in readers))
    return lines


def _params_of(model: Model, module) -> list[tuple[str, Param]]:
    return [(f"{module.name}.{p.name}", model.param_defs.get(f"{module.name}.{p.name}", p)) for p in module.params]


def _references(keys: list[str]) -> list[str]:
    keys = split_keys(keys)
    return ["", "References:", *("  " + line for line in format_citations(keys).splitlines())] if keys else []


# ------------------------------------------------------------------ explainers
def _explain_module(model: Model, module, variables: dict[str, _Var]) -> str:
    kind = "signal module (algebraic, per program segment)" if module in model.signal_modules else (
        "dynamic module, per muscle group" if getattr(module, "per_muscle", False) else "dynamic module, whole body")
    provides = [s.name for s in getattr(module, "states", ())] + [o.name for o in module.outputs]
    lines = [f"module {module.name} - {module.description}", f"  organ/tissue: {module.organ}; {kind}"]
    for title, items in (("states", getattr(module, "states", ())), ("outputs", module.outputs)):
        if items:
            lines.append(f"  {title}: " + ", ".join(f"{x.name} [{x.unit}]" for x in items))
    lines += ["", "Driven by:", "  inputs:", *_input_lines(model, module, variables, "    "), "  parameters:"]
    keys: list[str] = []
    for key, p in _params_of(model, module):
        lines += _param_lines(key, p, "    ")
        keys += p.keys
    lines += ["", "Drives:", *(_drives_lines(model, provides) or ["  (no module reads its outputs)"])]
    if module.routes:
        lines += ["  declared routes:", *_route_lines(module, "    ")]
        keys += [k for r in module.routes for k in split_keys(r.source)]
    return "\n".join(lines + _references(keys))


def _explain_variable(model: Model, v: _Var, variables: dict[str, _Var]) -> str:
    dims = " per muscle group" if v.dims == ("muscle",) else ""
    lines = [f"{v.name} - {v.long_name or v.name} [{v.unit}]{dims}",
             f"  {_where(model, v)}"]
    keys: list[str] = []
    if v.owner not in ("subject", "library", "program"):
        module = _module_of(model, v.owner)
        lines[-1] += f": {module.description}"
        lines += ["", f"Driven by (module {module.name}):", "  inputs:", *_input_lines(model, module, variables, "    "),
                  "  parameters:"]
        for key, p in _params_of(model, module):
            lines += _param_lines(key, p, "    ")
            keys += p.keys
    lines += ["", "Drives:", *(_drives_lines(model, [v.name]) or ["  (no module reads it)"])]
    if v.owner not in ("subject", "library", "program") and _module_of(model, v.owner).routes:
        module = _module_of(model, v.owner)
        lines += [f"  declared routes of {module.name}:", *_route_lines(module, "    ")]
        keys += [k for r in module.routes for k in split_keys(r.source)]
    return "\n".join(lines + _references(keys))


def _explain_param(model: Model, key: str) -> str:
    p = model.param_defs[key]
    mname = key.split(".", 1)[0]
    module = _module_of(model, mname)
    provides = [s.name for s in getattr(module, "states", ())] + [o.name for o in module.outputs]
    head = f"parameter {key}" + ("   ** ASSUMPTION **" if p.is_assumption else "")
    lines = [head, f"  of module {mname} ({module.organ}): {module.description}", *_param_lines(key, p, "  "),
             "", "Drives:", "  " + ", ".join(provides) if provides else "  (nothing)"]
    return "\n".join(lines + _references(p.keys))


def explain(model: Model, name: str) -> str:
    """Describe ``name``: a variable, a module, or a parameter 'module.param' (case-insensitive).

    Raises :class:`UnknownNameError` (with close-match suggestions) for an unknown name.
    """
    variables = _variables(model)
    modules = {m.name: m for m in _all_modules(model)}
    low = name.strip().lower()
    for key in model.param_defs:
        if key.lower() == low:
            return _explain_param(model, key)
    for n, v in variables.items():
        if n.lower() == low:
            return _explain_variable(model, v, variables)
    for n, m in modules.items():
        if n.lower() == low:
            return _explain_module(model, m, variables)
    bare = [k for k in model.param_defs if k.split(".", 1)[1].lower() == low]
    if len(bare) == 1:
        return _explain_param(model, bare[0])
    choices = list(dict.fromkeys([*variables, *modules, *model.param_defs]))
    raise UnknownNameError("name", name, choices, "a variable, a module or a parameter 'module.param'")
