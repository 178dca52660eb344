"""The signalling routes removed from the model because the evidence cannot quantify them.

A route that acts is a route input of the module it acts on (:class:`~myokinetics.model.param.Signalling`,
listed per model in ``Model.routes``); every route a module once declared without changing a number is
listed in ``unquantified_routes.yaml`` with the reason it is not modelled.  ``docs/routes.md`` is generated
from both (``python tools/routes_table.py``).
"""
from __future__ import annotations

import functools
from importlib import resources

import yaml


@functools.lru_cache(maxsize=1)
def unquantified_routes() -> tuple[dict, ...]:
    text = resources.files("myokinetics.model").joinpath("unquantified_routes.yaml").read_text()
    return tuple(yaml.safe_load(text) or ())
