"""The inter-organ signalling graph: what acts on what, derived only from the model's declarations.

``signalling_graph(model, effects)`` returns plain dicts (ready for JSON):

* ``nodes``: the organs (every module's ``organ``), each a group of its modules;
* ``modules``: every module with its organ, description and declared mechanisms (``Route``);
* ``edges`` of two kinds, both acting:

  - a **route** (``kind`` autocrine / paracrine / endocrine): an acting signalling route of the model
    (:class:`~myokinetics.model.assemble.RouteSlot`, a blockable ``Signalling`` input): the messenger's
    producer module -> the module it acts on, with its evidence, its human perturbation evidence and, when
    computed (``myokinetics.interventions.route_effects``), its effect size in a scenario;
  - a **flow** (``kind`` ``"flow"``): the variables produced in one organ and read in another, aggregated per
    ordered pair of organs (``count`` and the ``links``); flows inside one organ are counted on the organ.

Routes removed because the evidence cannot quantify them (``unquantified_routes.yaml``) are not edges;
the graph carries their number and where they are listed.

Layout (``layout``): the organ groups go to the slots of a grid so that organs joined by many edges sit
side by side (a quadratic assignment, ``scipy.optimize.quadratic_assignment``), each row packed with the
groups' own sizes so that none overlap; modules sit on a grid inside their group, those on a route in the
cells nearest their partners; each edge label takes the first free spot along its edge.  Lengths are in
inches, so the figure drawn at the layout's size has no overlapping labels (``label_overlaps``, tested).
``draw_graph`` writes a static figure with Matplotlib (.png, .svg, .pdf) or, for .html, an interactive,
self-contained Plotly page (plotly.js inlined: it works offline) whose hover text gives each route's
effect, evidence, perturbation data and effect size.
"""
from __future__ import annotations

import math
import textwrap
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from myokinetics.errors import UnknownNameError
from myokinetics.model.assemble import Model

ROUTE_STYLE = {"autocrine": "#2ca02c", "paracrine": "#ff7f0e", "endocrine": "#1f77b4"}
FLOW_COLOUR = "#9a9a9a"
REMOVED_LISTED_IN = "docs/routes.md"
#: Route edge width (points) from its effect size: log scale of the relative change over EFFECT_SPAN.
WIDTH_MIN, WIDTH_MAX, WIDTH_UNKNOWN = 1.0, 7.0, 2.0
EFFECT_SPAN = (1e-4, 1.0)
ORGAN_ORDER = ("muscle", "blood", "immune", "adipose", "liver", "brain", "bone", "tendon")
GROUP_FILL = ("#f6efe0", "#fbe9e7", "#e8f1fa", "#fff6d6", "#ecf6e8", "#f3eaf7", "#eeeeee", "#e9f5f4",
              "#fdf0f6", "#f0f0e4", "#e6ecf5", "#f7f2ea", "#eaf4ee", "#f5ece6")

# layout sizes, inches
CELL_W, CELL_H = 1.5, 0.42
PAD, TITLE_H, GAP = 0.12, 0.34, 0.75
CELL_FONT, TITLE_FONT, EDGE_FONT = 6.5, 9.0, 6.5


# ---------------------------------------------------------------- data
def edge_width(effect_size: dict | None) -> float:
    """Width (points) of a route edge: monotone (log scale) in the relative change when the route is blocked."""
    if not effect_size:
        return WIDTH_UNKNOWN
    rel = float(effect_size.get("relative") or 0.0)
    if not rel > 0:
        return WIDTH_MIN
    lo, hi = (math.log10(v) for v in EFFECT_SPAN)
    x = min(1.0, max(0.0, (math.log10(rel) - lo) / (hi - lo)))
    return WIDTH_MIN + x * (WIDTH_MAX - WIDTH_MIN)


def signalling_graph(model: Model, effects: dict | None = None, organ: str | None = None,
                     scenario: str = "default scenario") -> dict:
    """The graph as plain dicts: ``{"nodes", "modules", "edges", "removed_routes", "focus", "scenario"}``.

    ``effects``: ``route_effects(scenario, model)`` (route id -> effect size), or None; ``scenario`` names
    the scenario they were computed in.
    node: ``{"id": organ, "modules": [names shown], "n_modules": all its modules, "internal_flows": n}``.
    module: ``{"id", "organ", "description", "mechanisms": [declared Route effects]}``.
    route edge: ``{"kind", "route", "messenger", "source", "target" (organs), "producer", "module",
    "tissue", "effect", "citation", "perturbation", "effect_size" (or None), "width"}``.
    flow edge: ``{"kind": "flow", "source", "target", "count", "variables", "links": [{"variable",
    "producer", "consumer"}]}``.
    ``organ``: keep only that organ, the edges that touch it and, of its neighbours, the modules on those
    edges (an unknown organ raises :class:`UnknownNameError` for ``--organ``).
    """
    from myokinetics.model.routes import unquantified_routes

    mods = list(model.signal_modules) + list(model.modules)
    organ_of = {m.name: m.organ for m in mods}
    members: dict[str, list[str]] = defaultdict(list)
    for m in mods:
        members[m.organ].append(m.name)
    producer: dict[str, str] = {}
    for m in mods:
        for v in list(getattr(m, "states", ())) + list(m.outputs):
            producer[v.name] = m.name
    internal: dict[str, int] = defaultdict(int)
    pairs: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for m in mods:
        for i in m.inputs:
            src = producer.get(i.name)
            # subject covariates, constants, program fields and intervention signals are not organs; a route
            # input is drawn as its route
            if src is None or getattr(i, "route", None) is not None:
                continue
            if organ_of[src] == m.organ:
                internal[m.organ] += 1
            else:
                pairs[(organ_of[src], m.organ)].append({"variable": i.name, "producer": src, "consumer": m.name})
    edges: list[dict] = []
    for r in model.routes:
        sp = r.spec
        size = (effects or {}).get(r.id)
        edges.append({"kind": sp.kind, "route": r.id, "messenger": r.messenger,
                      "source": organ_of.get(r.producer, organ_of[r.module]), "target": organ_of[r.module],
                      "producer": r.producer if r.producer in organ_of else None, "module": r.module,
                      "tissue": sp.target, "effect": sp.effect, "citation": sp.source,
                      "perturbation": sp.perturbation, "effect_size": size, "width": edge_width(size)})
    for (a, b), links in sorted(pairs.items()):
        edges.append({"kind": "flow", "source": a, "target": b, "count": len(links),
                      "variables": sorted({x["variable"] for x in links}), "links": links})
    modules = [{"id": m.name, "organ": m.organ, "description": m.description,
                "mechanisms": [f"{r.effect} ({r.source})" for r in m.routes]} for m in mods]
    nodes = [{"id": o, "modules": sorted(members[o]), "n_modules": len(members[o]), "internal_flows": internal[o]}
             for o in _organ_order(members)]
    removed = unquantified_routes()
    g = {"nodes": nodes, "modules": modules, "edges": edges,
         "removed_routes": {"count": len(removed), "listed_in": REMOVED_LISTED_IN}, "focus": None,
         "scenario": scenario if effects else None}
    return focus(g, organ) if organ is not None else g


def _organ_order(members) -> list[str]:
    known = [o for o in ORGAN_ORDER if o in members]
    return known + sorted(o for o in members if o not in known)


def organs(graph: dict) -> list[str]:
    return [n["id"] for n in graph["nodes"]]


def check_organ(graph: dict, organ: str, field: str = "--organ") -> str:
    """The organ name as the graph spells it (case-insensitive), or one-line :class:`UnknownNameError`."""
    names = organs(graph)
    low = {n.lower(): n for n in names}
    key = "_".join(str(organ).strip().lower().replace("-", " ").split())
    if key not in low:
        raise UnknownNameError(field, organ, names, "one of the organs " + ", ".join(names))
    return low[key]


def focus(graph: dict, organ: str) -> dict:
    """The neighbourhood of one organ: the edges touching it, its modules, and the neighbours' modules on them."""
    organ = check_organ(graph, organ)
    edges = [e for e in graph["edges"] if organ in (e["source"], e["target"])]
    keep: dict[str, set[str]] = defaultdict(set)
    node = {n["id"]: n for n in graph["nodes"]}
    keep[organ].update(node[organ]["modules"])
    mod_organ = {m["id"]: m["organ"] for m in graph["modules"]}
    for e in edges:
        if e["kind"] == "flow":
            for x in e["links"]:
                keep[mod_organ[x["producer"]]].add(x["producer"])
                keep[mod_organ[x["consumer"]]].add(x["consumer"])
        else:
            for name in (e["producer"], e["module"]):
                if name is not None:
                    keep[mod_organ[name]].add(name)
    nodes = [{**n, "modules": [m for m in n["modules"] if m in keep[n["id"]]]} for n in graph["nodes"] if n["id"] in keep]
    modules = [m for m in graph["modules"] if m["id"] in keep[m["organ"]]]
    return {**graph, "nodes": nodes, "modules": modules, "edges": edges, "focus": organ}


# ---------------------------------------------------------------- layout
def _grid(n: int) -> tuple[int, int]:
    cols = 1 if n <= 3 else 2 if n <= 8 else 3 if n <= 15 else 4
    return cols, max(1, math.ceil(n / cols))


def _bezier(p0, p2, rad: float, t: float) -> tuple[float, float]:
    """Point at ``t`` on Matplotlib's ``arc3,rad`` curve from p0 to p2 (a quadratic Bezier)."""
    (x0, y0), (x2, y2) = p0, p2
    cx, cy = (x0 + x2) / 2 + rad * (y2 - y0), (y0 + y2) / 2 - rad * (x2 - x0)
    u = 1 - t
    return u * u * x0 + 2 * u * t * cx + t * t * x2, u * u * y0 + 2 * u * t * cy + t * t * y2


def layout(graph: dict) -> dict:
    """Positions in inches: ``{"groups": {organ: (x0, y0, w, h)}, "cells": {module: (x0, y0, w, h)},
    "bbox": (xmin, ymin, xmax, ymax), "rad": {edge index: curvature}}``.

    The organ groups go to the slots of a grid so that organs joined by many edges sit close together: a
    quadratic assignment (``scipy.optimize.quadratic_assignment``: edge weights x slot distances, the best
    of several seeded starts); each row is then packed with the groups' own sizes, so none overlap.
    """
    sizes = {}
    for n in graph["nodes"]:
        cols, rows = _grid(len(n["modules"]))
        sizes[n["id"]] = (max(cols * CELL_W, _text_width(_title(n), TITLE_FONT, bold=True) + 0.1) + 2 * PAD,
                          rows * CELL_H + TITLE_H + PAD)
    weight: dict[frozenset, float] = defaultdict(float)
    for e in graph["edges"]:
        if e["source"] != e["target"]:
            weight[frozenset((e["source"], e["target"]))] += e["count"] if e["kind"] == "flow" else 4.0
    slot_of = _assign_slots(list(sizes), sizes, weight)
    cols = max(c for _, c in slot_of.values()) + 1
    rows = max(r for r, _ in slot_of.values()) + 1
    pos: dict[str, tuple[float, float]] = {}
    y_top = 0.0
    for r in range(rows):
        row = sorted((c, o) for o, (rr, c) in slot_of.items() if rr == r)
        if not row:
            continue
        h = max(sizes[o][1] for _, o in row)
        w = sum(sizes[o][0] for _, o in row) + GAP * (len(row) - 1)
        x = -w / 2
        for _, o in row:
            pos[o] = (x + sizes[o][0] / 2, y_top - h / 2)
            x += sizes[o][0] + GAP
        y_top -= h + GAP
    groups = {o: (pos[o][0] - sizes[o][0] / 2, pos[o][1] - sizes[o][1] / 2, *sizes[o]) for o in sizes}
    cells = _place_cells(graph, groups)
    xs = [g[0] for g in groups.values()] + [g[0] + g[2] for g in groups.values()]
    ys = [g[1] for g in groups.values()] + [g[1] + g[3] for g in groups.values()]
    # curvature: opposite flows bend apart (arc3 bends to the same side of the direction of travel), and
    # the routes from one producer into one organ fan out to alternate sides (0.18, -0.18, 0.36, -0.36, ...)
    rad, seen = {}, defaultdict(int)
    for k, e in enumerate(graph["edges"]):
        if e["kind"] == "flow":
            rad[k] = 0.12
        else:
            key = (e["producer"], e["target"])
            i = seen[key]
            rad[k] = 0.18 * (1 + i // 2) * (1 if i % 2 == 0 else -1)
            seen[key] += 1
    lay = {"groups": groups, "cells": cells, "bbox": (min(xs), min(ys), max(xs), max(ys)), "rad": rad}
    lay["labels"] = _place_labels(graph, lay)
    return lay


def _edge_order(graph: dict) -> list[int]:
    """Routes first (their labels get the best spots), then flows."""
    return sorted(range(len(graph["edges"])), key=lambda k: graph["edges"][k]["kind"] == "flow")


def _edge_rects(e: dict, lay: dict) -> tuple[tuple, tuple]:
    if e["kind"] == "flow":
        return lay["groups"][e["source"]], lay["groups"][e["target"]]
    a = lay["cells"][e["producer"]] if e["producer"] is not None else lay["groups"][e["source"]]
    return a, lay["cells"][e["module"]]


def _place_labels(graph: dict, lay: dict) -> dict[int, tuple[float, float]]:
    """Centre of each edge label: the first spot along its curve, from the middle outwards, off its end
    boxes, overlapping no module, group title or earlier label, and preferably outside every group
    (else the spot of least overlap).  Text sizes are measured from the font (``_text_width``)."""
    taken = [(x, y, x + w, y + h) for x, y, w, h in lay["cells"].values()]
    for n in graph["nodes"]:
        x, y, w, h = lay["groups"][n["id"]]
        taken.append((x + PAD - 0.1, y + h - TITLE_H, x + PAD + _text_width(_title(n), TITLE_FONT, True) + 0.1, y + h))
    groups = list(lay["groups"].values())
    pad = 2 * 0.14 * EDGE_FONT / 72

    def overlap(box) -> float:
        return sum(max(0.0, min(box[2], t[2]) - max(box[0], t[0])) * max(0.0, min(box[3], t[3]) - max(box[1], t[1]))
                   for t in taken)

    out: dict[int, tuple[float, float]] = {}
    for k in _edge_order(graph):
        e = graph["edges"][k]
        a, b = _edge_rects(e, lay)
        ca, cb, rad, _, _ = _ends(a, b, lay["rad"][k])
        w = _text_width(_label(e), EDGE_FONT, e["kind"] != "flow") + pad
        h = 1.2 * EDGE_FONT / 72 + pad
        best = None
        for t in (0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.2, 0.8, 0.14, 0.86):
            px, py = _bezier(ca, cb, rad, t)
            for off in (0.0, 0.14, -0.14, 0.28, -0.28):
                q = (px, py + off)
                if a != b and (_inside(q, a, 0.05) or _inside(q, b, 0.05)):
                    continue
                box = (q[0] - w / 2, q[1] - h / 2, q[0] + w / 2, q[1] + h / 2)
                cost = 100.0 * overlap(box) + sum(_inside(q, r, 0.05) for r in groups)
                if best is None or cost < best[0]:
                    best = (cost, q, box)
                if cost == 0:
                    break
            if best is not None and best[0] == 0:
                break
        if best is None:           # the end boxes cover the whole curve: the middle
            q = _bezier(ca, cb, rad, 0.5)
            best = (0.0, q, (q[0] - w / 2, q[1] - h / 2, q[0] + w / 2, q[1] + h / 2))
        out[k] = best[1]
        taken.append(best[2])
    return out


def _place_cells(graph: dict, groups: dict) -> dict:
    """Cell of each module in its group's grid: a module on a route takes the free cell nearest its route
    partners (``scipy.optimize.linear_sum_assignment``), so that route arrows cross few other cells; the
    other modules fill the remaining cells in alphabetical order."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    slots: dict[str, list[tuple[float, float, float, float]]] = {}
    for n in graph["nodes"]:
        x0, y0, w, h = groups[n["id"]]
        ncol, nrow = _grid(len(n["modules"]))
        x0 += (w - 2 * PAD - ncol * CELL_W) / 2          # centred when the title is wider than the grid
        slots[n["id"]] = [(x0 + PAD + c * CELL_W + 0.04, y0 + h - TITLE_H - (r + 1) * CELL_H + 0.04, CELL_W - 0.08, CELL_H - 0.08)
                          for r in range(nrow) for c in range(ncol)]
    mod_organ = {m: n["id"] for n in graph["nodes"] for m in n["modules"]}
    partners: dict[str, list[str]] = defaultdict(list)
    for e in graph["edges"]:
        if e["kind"] != "flow" and e["producer"] is not None and e["producer"] != e["module"]:
            partners[e["producer"]].append(e["module"])
            partners[e["module"]].append(e["producer"])
    cells: dict[str, tuple] = {}
    for _ in range(2):          # the second pass sees the partners' cells of the first
        for n in graph["nodes"]:
            free = list(range(len(slots[n["id"]])))
            routed = [m for m in n["modules"] if partners.get(m)]
            if routed:
                cost = np.zeros((len(routed), len(free)))
                for i, m in enumerate(routed):
                    for j in free:
                        cx, cy = _centre(slots[n["id"]][j])
                        for q in partners[m]:
                            px, py = _centre(cells[q]) if q in cells else _centre(groups[mod_organ[q]])
                            cost[i, j] += math.hypot(px - cx, py - cy)
                rows, cols = linear_sum_assignment(cost)
                for i, j in zip(rows, cols):
                    cells[routed[i]] = slots[n["id"]][free[j]]
                taken = {free[j] for j in cols}
                free = [j for j in free if j not in taken]
            for m, j in zip([m for m in n["modules"] if not partners.get(m)], free):
                cells[m] = slots[n["id"]][j]
    pairs = [(e["producer"], e["module"]) for e in graph["edges"]
             if e["kind"] != "flow" and e["producer"] is not None and e["producer"] != e["module"]]
    if pairs:
        titles = [(x, y + h - TITLE_H, _text_width(_title(n), TITLE_FONT, bold=True) + 2 * PAD, TITLE_H)
                  for n in graph["nodes"] for (x, y, w, h) in [groups[n["id"]]]]
        for n in graph["nodes"]:
            _untangle(n, slots[n["id"]], cells, pairs, partners, titles)
    return cells


def _untangle(node: dict, slots: list, cells: dict, pairs: list, partners: dict, titles: list, passes: int = 3) -> None:
    """Local search in one group: move a module on a route to another slot (swapping with its occupant)
    while that lowers the number of other cells and group titles the route arrows pass over (then their
    length)."""
    import numpy as np

    t = np.linspace(0.08, 0.92, 13)

    def cost() -> float:
        names = list(cells)
        rects = np.array([cells[m] for m in names] + titles)
        index = {m: i for i, m in enumerate(names)}
        total = 0.0
        for p, q in pairs:
            (x0, y0), (x2, y2) = _centre(cells[p]), _centre(cells[q])
            cx, cy = (x0 + x2) / 2 + 0.18 * (y2 - y0), (y0 + y2) / 2 - 0.18 * (x2 - x0)
            u = 1 - t
            px = u * u * x0 + 2 * u * t * cx + t * t * x2
            py = u * u * y0 + 2 * u * t * cy + t * t * y2
            hit = ((px[:, None] >= rects[None, :, 0]) & (px[:, None] <= rects[None, :, 0] + rects[None, :, 2])
                   & (py[:, None] >= rects[None, :, 1]) & (py[:, None] <= rects[None, :, 1] + rects[None, :, 3])).any(0)
            hit[index[p]] = hit[index[q]] = False
            total += 10.0 * hit.sum() + math.hypot(x2 - x0, y2 - y0)
        return total

    routed = [m for m in node["modules"] if partners.get(m)]
    if not routed:
        return
    best = cost()
    for _ in range(passes):
        better = False
        for m in routed:
            for slot in slots:
                here = cells[m]
                if slot == here:
                    continue
                other = next((o for o in node["modules"] if cells[o] == slot), None)
                cells[m] = slot
                if other is not None:
                    cells[other] = here
                c = cost()
                if c < best - 1e-9:
                    best, better = c, True
                else:
                    cells[m] = here
                    if other is not None:
                        cells[other] = slot
        if not better:
            break


def _assign_slots(names: list[str], sizes: dict, weight: dict, starts: int = 16) -> dict[str, tuple[int, int]]:
    """Grid slot (row, column) of each organ, minimising the sum of edge weight x slot distance."""
    import numpy as np
    from scipy.optimize import quadratic_assignment

    n = len(names)
    cols = max(1, math.ceil(math.sqrt(n)))
    rows = max(1, math.ceil(n / cols))
    k = rows * cols
    A = np.zeros((k, k))
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            if i != j:
                A[i, j] = weight.get(frozenset((a, b)), 0.0)
    sx = float(np.mean([s[0] for s in sizes.values()])) + GAP
    sy = float(np.mean([s[1] for s in sizes.values()])) + GAP
    cen = np.array([(c * sx, -r * sy) for r in range(rows) for c in range(cols)])
    B = np.sqrt(((cen[:, None, :] - cen[None, :, :]) ** 2).sum(-1))
    if n <= 1 or not A.any():
        perm = np.arange(k)
    else:
        best = None
        for seed in range(starts):
            for method, opts in (("faq", {"P0": "randomized", "rng": np.random.default_rng(seed)}),
                                 ("2opt", {"rng": np.random.default_rng(seed)})):
                res = quadratic_assignment(A, B, method=method, options=opts)
                if best is None or res.fun < best.fun - 1e-9:
                    best = res
        perm = best.col_ind
    return {a: divmod(int(perm[i]), cols) for i, a in enumerate(names)}


def _centre(rect) -> tuple[float, float]:
    x, y, w, h = rect
    return x + w / 2, y + h / 2


def _ends(a, b, rad, pa=None, pb=None):
    """Ends, curvature and clipping patches of an edge from rectangle ``a`` to ``b``: centre to centre, or
    for a module acting on itself a loop on the right of its cell."""
    if a == b:
        x, y, w, h = a
        return (x + w, y + 0.75 * h), (x + w, y + 0.25 * h), -1.4, None, None
    return _centre(a), _centre(b), rad, pa, pb


def _inside(p, rect, margin: float = 0.0) -> bool:
    x, y, w, h = rect
    return x - margin <= p[0] <= x + w + margin and y - margin <= p[1] <= y + h + margin


def _pct(rel: float) -> str:
    return f"{rel * 100:.2g}%"


def _label(e: dict) -> str:
    if e["kind"] == "flow":
        return str(e["count"])
    size = e.get("effect_size")
    return f"{e['messenger']} {_pct(size['relative'])}" if size and size.get("variable") else e["messenger"]


def _module_text(name: str) -> str:
    return "\n".join(textwrap.wrap(name.replace("_", " "), 20)[:2])


def _title(node: dict) -> str:
    shown, total, flows = len(node["modules"]), node.get("n_modules", len(node["modules"])), node["internal_flows"]
    notes = ([f"{shown} of {total} modules"] if shown < total else []) + ([f"{flows} flows within"] if flows else [])
    return node["id"].replace("_", " ") + (f"  ({'; '.join(notes)})" if notes else "")


def _text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in inches of ``text`` in Matplotlib's default font."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    return TextPath((0, 0), text, prop=prop).get_extents().width / 72.0


# ---------------------------------------------------------------- static figure
def figure(graph: dict):
    """The Matplotlib figure of ``graph`` (1 data unit = 1 inch); ``draw_graph`` saves it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

    lay = layout(graph)
    xmin, ymin, xmax, ymax = lay["bbox"]
    margin, legend_h, title_h = 0.5, 1.55, 0.5
    width = max(xmax - xmin + 2 * margin, 9.0)
    height = ymax - ymin + 2 * margin + legend_h + title_h
    fig = plt.figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1))
    x_lo = xmin - margin - (width - (xmax - xmin + 2 * margin)) / 2
    y_lo = ymin - margin - legend_h
    ax.set_xlim(x_lo, x_lo + width)
    ax.set_ylim(y_lo, y_lo + height)
    ax.axis("off")
    renderer = fig.canvas.get_renderer()

    def extent(text) -> tuple[float, float, float, float]:
        bb = text.get_window_extent(renderer).transformed(ax.transData.inverted())
        return bb.x0, bb.y0, bb.x1, bb.y1

    patches = {}
    for k, n in enumerate(graph["nodes"]):
        x, y, w, h = lay["groups"][n["id"]]
        p = FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0,rounding_size=0.12", fc=GROUP_FILL[k % len(GROUP_FILL)],
                           ec="#8c8c8c", lw=1.0, zorder=1)
        ax.add_patch(p)
        patches[n["id"]] = p
        ax.text(x + PAD, y + h - TITLE_H / 2, _title(n), fontsize=TITLE_FONT, weight="bold", va="center",
                ha="left", zorder=7, bbox=dict(boxstyle="round,pad=0.1", fc=GROUP_FILL[k % len(GROUP_FILL)], ec="none"))
    on_route = {e[k] for e in graph["edges"] if e["kind"] != "flow" for k in ("producer", "module")}
    for m, (x, y, w, h) in lay["cells"].items():
        p = Rectangle((x, y), w, h, fc="white", ec="#333333" if m in on_route else "#bdbdbd",
                      lw=1.1 if m in on_route else 0.6, zorder=3)
        ax.add_patch(p)
        patches["module:" + m] = p
        ax.text(x + w / 2, y + h / 2, _module_text(m), fontsize=CELL_FONT, ha="center", va="center", zorder=7,
                weight="bold" if m in on_route else "normal",       # above route arrows that pass over the cell
                bbox=dict(boxstyle="square,pad=0.05", fc="white", ec="none"))

    for k in _edge_order(graph):
        e = graph["edges"][k]
        rad = lay["rad"][k]
        if e["kind"] == "flow":
            a, b = lay["groups"][e["source"]], lay["groups"][e["target"]]
            pa, pb = patches[e["source"]], patches[e["target"]]
            lw, colour, z, style = 0.5 + 0.35 * math.sqrt(e["count"]), FLOW_COLOUR, 0.5, "-|>"
        else:
            src = e["producer"] if e["producer"] is not None else None
            a = lay["cells"][src] if src is not None else lay["groups"][e["source"]]
            b = lay["cells"][e["module"]]
            pa = patches["module:" + src] if src is not None else patches[e["source"]]
            pb = patches["module:" + e["module"]]
            lw, colour, z, style = e["width"], ROUTE_STYLE[e["kind"]], 6, "-|>"
        ca, cb, rad, pa, pb = _ends(a, b, rad, pa, pb)
        ax.add_patch(FancyArrowPatch(ca, cb, patchA=pa, patchB=pb, arrowstyle=style, mutation_scale=9 + lw, color=colour,
                                     lw=lw, connectionstyle=f"arc3,rad={rad}", shrinkA=1, shrinkB=1, zorder=z,
                                     alpha=0.9 if e["kind"] != "flow" else 0.8))
        ax.text(*lay["labels"][k], _label(e), fontsize=EDGE_FONT, color="#555555" if e["kind"] == "flow" else colour,
                ha="center", va="center", zorder=8, weight="normal" if e["kind"] == "flow" else "bold",
                bbox=dict(boxstyle="round,pad=0.12", fc="white", ec="none", alpha=0.9))

    sized = any(e.get("effect_size") for e in graph["edges"] if e["kind"] != "flow")
    handles = [Line2D([], [], color=c, lw=2.5, label=f"{k} route (label: messenger" + (", effect size)" if sized else ")"))
               for k, c in ROUTE_STYLE.items()]
    if sized:
        handles += [Line2D([], [], color="#555555", lw=edge_width({"relative": r}), label=f"{_pct(r)} change when blocked")
                    for r in (1e-3, 1e-2, 1e-1)]
    else:
        handles += [Line2D([], [], color="#555555", lw=WIDTH_UNKNOWN, label="effect sizes not computed")]
    handles += [Line2D([], [], color=FLOW_COLOUR, lw=1.2, label="variables flowing between organs (label: how many)"),
                Rectangle((0, 0), 1, 1, fc="white", ec="#333333", lw=1.1, label="module (bold: on a messenger route)")]
    rm = graph["removed_routes"]
    n_routes = sum(e["kind"] != "flow" for e in graph["edges"])
    foot = (f"Only acting edges: {n_routes} messenger route{'s' if n_routes != 1 else ''} (each changes its target when "
            "blocked alone" + ("; width: the largest relative change of the module acted on when that route alone is "
                               f"blocked, {graph.get('scenario') or 'default scenario'}" if sized else "") +
            f") and the flows of model variables between organs. {rm['count']} declared routes the evidence cannot "
            f"quantify were removed and are not drawn; they are listed with reasons in {rm['listed_in']}.")
    note = ax.text(x_lo + 0.35, y_lo + 0.15, "\n".join(textwrap.wrap(foot, int(width * 15))), fontsize=7, ha="left",
                   va="bottom", color="#444444")
    leg = ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(x_lo + 0.35, extent(note)[3] + 0.08),
                    bbox_transform=ax.transData, ncol=3, fontsize=7.5, frameon=False, handlelength=3.0, columnspacing=2.0)
    leg.set_zorder(9)
    title = "myokinetics inter-organ signalling" + (f": the neighbourhood of {graph['focus']}" if graph.get("focus") else "")
    ax.text(x_lo + width / 2, y_lo + height - title_h / 2, title, fontsize=12, weight="bold", ha="center", va="center")
    return fig


def label_overlaps(fig) -> list[tuple[str, str]]:
    """Pairs of texts of ``fig`` (labels, titles, legend) whose boxes overlap: empty for a readable figure."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = [t for ax in fig.axes for t in ax.texts] + list(fig.texts)
    for ax in fig.axes:
        if ax.get_legend() is not None:
            texts += list(ax.get_legend().get_texts())
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts if t.get_visible() and t.get_text().strip()]
    return [(a, c) for (a, b), (c, d) in combinations(boxes, 2) if b.overlaps(d)]


# ---------------------------------------------------------------- interactive page
def _wrap_html(lines: list[str], width: int = 110) -> str:
    from html import escape

    return "<br>".join("<br>   ".join(escape(x) for x in textwrap.wrap(s, width)) for s in lines)


def _hover_route(e: dict, scenario: str | None) -> str:
    size = e.get("effect_size")
    lines = [f"effect: {e['effect']}", f"source: {e['citation']}",
             f"perturbation evidence: {e['perturbation'] or 'none recorded'}"]
    if size and size.get("variable"):
        lines.append(f"effect size (blocked alone, {scenario or 'default scenario'}): {size['variable']} changes by up "
                     f"to {size['max_abs_change']:.3g} {size['units']} ({size['relative']:.2%})")
    elif size is None:
        lines.append("effect size: not computed (--no-effects)")
    head = f"{e['route']} ({e['kind']}): {e['messenger']} → {e['module']} ({e['target']})"
    return f"<b>{_wrap_html([head])}</b><br>" + _wrap_html(lines)


def _hover_flow(e: dict) -> str:
    body = ", ".join(f"{x['variable']} ({x['producer']} → {x['consumer']})" for x in e["links"])
    head = f"{e['source']} → {e['target']}: {e['count']} variable{'s' if e['count'] != 1 else ''}"
    return f"<b>{_wrap_html([head])}</b><br>" + _wrap_html([body])


def _rects_path(rects) -> tuple[list, list]:
    """x and y of closed rectangles separated by None (one filled Plotly trace for many boxes)."""
    xs: list = []
    ys: list = []
    for x, y, w, h in rects:
        xs += [x, x + w, x + w, x, x, None]
        ys += [y, y, y + h, y + h, y, None]
    return xs, ys


def html_figure(graph: dict):
    """The interactive Plotly figure of ``graph``: each organ a group (its box, title and modules are one
    legend entry: click to hide, double-click to isolate); routes and flows show their details on hover
    (over the line or its label)."""
    import plotly.graph_objects as go

    lay = layout(graph)
    fig = go.Figure()
    notes = []
    mods = {m["id"]: m for m in graph["modules"]}
    for k, n in enumerate(graph["nodes"]):
        x, y, w, h = lay["groups"][n["id"]]
        bx, by = _rects_path([lay["groups"][n["id"]]])
        fig.add_trace(go.Scatter(x=bx, y=by, mode="lines", fill="toself", fillcolor=GROUP_FILL[k % len(GROUP_FILL)],
                                 line=dict(color="#8c8c8c", width=1), hoverinfo="skip", name=n["id"].replace("_", " "),
                                 legendgroup="organ:" + n["id"]))
        fig.add_trace(go.Scatter(x=[x + PAD], y=[y + h - TITLE_H / 2], mode="text", text=[f"<b>{_title(n)}</b>"],
                                 textposition="middle right", textfont=dict(size=12), hoverinfo="skip",
                                 legendgroup="organ:" + n["id"], showlegend=False))
    for k in _edge_order(graph):          # edges under the module cells, labels and arrowheads on top
        e = graph["edges"][k]
        a, b = _edge_rects(e, lay)
        if e["kind"] == "flow":
            colour, width, hover, name = FLOW_COLOUR, 0.6 + 0.4 * math.sqrt(e["count"]), _hover_flow(e), "flows between organs"
        else:
            colour, width, name = ROUTE_STYLE[e["kind"]], e["width"], f"{e['kind']} route"
            hover = _hover_route(e, graph.get("scenario"))
        ca, cb, rad, _, _ = _ends(a, b, lay["rad"][k])
        pts = [_bezier(ca, cb, rad, t / 40) for t in range(41)]
        if a != b:
            pts = [p for p in pts if not (_inside(p, a) or _inside(p, b))] or pts
        first = not any(tr.name == name for tr in fig.data)
        fig.add_trace(go.Scatter(x=[p[0] for p in pts], y=[p[1] for p in pts], mode="lines",
                                 line=dict(color=colour, width=width), hoverinfo="text", text=[hover] * len(pts),
                                 name=name, legendgroup=name, showlegend=first, opacity=0.85))
        lx, ly = lay["labels"][k]
        notes.append(dict(x=lx, y=ly, xref="x", yref="y", text=_label(e) if e["kind"] == "flow" else f"<b>{_label(e)}</b>",
                          showarrow=False, font=dict(size=10, color="#555555" if e["kind"] == "flow" else colour),
                          bgcolor="rgba(255,255,255,0.85)", hovertext=hover))
        if len(pts) >= 2:
            notes.append(dict(x=pts[-1][0], y=pts[-1][1], ax=pts[-2][0], ay=pts[-2][1], xref="x", yref="y", axref="x",
                              ayref="y", showarrow=True, arrowhead=2, arrowsize=1, arrowwidth=max(1.0, width * 0.6),
                              arrowcolor=colour, text=""))
    for n in graph["nodes"]:
        names = n["modules"]
        if not names:
            continue
        cx, cy = _rects_path([lay["cells"][m] for m in names])
        fig.add_trace(go.Scatter(x=cx, y=cy, mode="lines", fill="toself", fillcolor="white", hoverinfo="skip",
                                 line=dict(color="#bdbdbd", width=1), legendgroup="organ:" + n["id"], showlegend=False))
        hover = []
        for m in names:
            d = mods[m]
            txt = f"<b>{_wrap_html([m])}</b> ({d['organ']})<br>" + _wrap_html([d["description"] or ""])
            if d["mechanisms"]:
                txt += "<br>" + _wrap_html(["mechanisms: " + "; ".join(d["mechanisms"])])
            hover.append(txt)
        cs = [_centre(lay["cells"][m]) for m in names]
        fig.add_trace(go.Scatter(x=[c[0] for c in cs], y=[c[1] for c in cs], mode="text",
                                 text=[_module_text(m).replace("\n", "<br>") for m in names], textposition="middle center",
                                 textfont=dict(size=9), hovertext=hover, hoverinfo="text",
                                 legendgroup="organ:" + n["id"], showlegend=False))
    xmin, ymin, xmax, ymax = lay["bbox"]
    rm = graph["removed_routes"]
    title = "myokinetics inter-organ signalling" + (f": the neighbourhood of {graph['focus']}" if graph.get("focus") else "")
    fig.update_layout(
        title=dict(text=f"{title}<br><sup>only acting edges; {rm['count']} routes the evidence cannot quantify were "
                        f"removed (listed in {rm['listed_in']}); hover for details, click the legend to hide a group</sup>"),
        annotations=notes, hovermode="closest", plot_bgcolor="white",
        xaxis=dict(visible=False, range=[xmin - 0.5, xmax + 0.5]),
        yaxis=dict(visible=False, range=[ymin - 0.5, ymax + 0.5], scaleanchor="x", scaleratio=1),
        width=int(90 * (xmax - xmin + 1) + 260), height=int(90 * (ymax - ymin + 1) + 140),
        margin=dict(l=10, r=10, t=80, b=10))
    return fig


# ---------------------------------------------------------------- output
def draw_graph(model: Model, path, effects: dict | None = None, organ: str | None = None, graph: dict | None = None) -> Path:
    """Draw the signalling graph to ``path``: .png, .svg or .pdf (Matplotlib) or .html (interactive,
    self-contained: plotly.js is inlined, no network needed).  Returns the path."""
    g = graph if graph is not None else signalling_graph(model, effects, organ)
    path = Path(path)
    if path.suffix.lower() == ".html":
        html_figure(g).write_html(path, include_plotlyjs=True, full_html=True, include_mathjax=False)
        return path
    import matplotlib.pyplot as plt

    fig = figure(g)
    fig.savefig(path, dpi=150 if path.suffix.lower() == ".png" else None)
    plt.close(fig)
    return path
