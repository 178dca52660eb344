"""The inter-organ signalling graph, derived only from the modules' declarations.

Nodes are organs and tissues: every module's ``organ`` plus every Route target.
Edges are of two kinds:

* ``flow``: a variable produced by a module in one organ and read by a module
  (dynamic or signal) in another, or the same, organ; labelled with the variable.
* ``autocrine`` / ``paracrine`` / ``endocrine``: a declared :class:`Route` of a
  module (its organ -> the route's target), ``modelled`` when a module consumes
  it quantitatively.

No graph library is needed; ``draw_graph`` lays the organs out on a circle with
muscle at the centre.
"""
from __future__ import annotations

import math
import textwrap
from collections import defaultdict
from pathlib import Path

from myokinetics.model.assemble import Model

ROUTE_STYLE = {"autocrine": "#2ca02c", "paracrine": "#ff7f0e", "endocrine": "#1f77b4"}
FLOW_COLOUR = "#7f7f7f"
CENTRE = "muscle"


def signalling_graph(model: Model, effects: dict | None = None) -> dict:
    """``{"nodes": [...], "edges": [...]}``: plain dicts, ready for JSON.

    node: ``{"id": organ, "modules": [names]}`` (modules empty for a pure route target).
    flow edge: ``{"kind": "flow", "source", "target", "variable", "producer", "consumer"}``.
    route edge: ``{"kind", "source", "target", "module", "effect", "citation", "modelled"}``.
    """
    modules = list(model.signal_modules) + list(model.modules)
    organ_of = {m.name: m.organ for m in modules}
    members: dict[str, list[str]] = defaultdict(list)
    for m in modules:
        members[m.organ].append(m.name)
    producer = {}
    for m in modules:
        for v in list(getattr(m, "states", ())) + list(m.outputs):
            producer[v.name] = m.name
    edges: list[dict] = []
    for m in modules:
        for i in m.inputs:
            src = producer.get(i.name)
            if src is None:           # subject covariates, library constants and program fields are not organs
                continue
            edges.append({"kind": "flow", "source": organ_of[src], "target": m.organ, "variable": i.name,
                          "producer": src, "consumer": m.name})
    for m in modules:
        for r in m.routes:
            members.setdefault(r.target, [])
            edges.append({"kind": r.kind, "source": m.organ, "target": r.target, "module": m.name,
                          "effect": r.effect, "citation": r.source, "modelled": bool(r.modelled)})
    # acting messenger routes (route inputs): producer's organ -> the organ of the module acted on
    for r in model.routes:
        src = organ_of.get(r.producer, r.producer)
        edge = {"kind": r.spec.kind, "source": src, "target": organ_of[r.module], "module": r.module,
                "messenger": r.messenger, "route": r.id, "effect": r.spec.effect, "citation": r.spec.source,
                "modelled": True}
        if effects and r.id in effects:
            edge["effect_size"] = effects[r.id]
        edges.append(edge)
    nodes = [{"id": organ, "modules": sorted(names)} for organ, names in members.items()]
    return {"nodes": nodes, "edges": edges}


# ---------------------------------------------------------------- drawing
def _layout(graph: dict) -> dict[str, tuple[float, float]]:
    """Muscle at the centre, the other organs on a unit circle.

    Organs that exchange many edges sit side by side (a greedy chain), and each
    pure route target (an organ no module lives in) sits next to the organ that
    signals to it most, so that few arrows cross the centre.
    """
    ids = [n["id"] for n in graph["nodes"]]
    hosts = sorted(n["id"] for n in graph["nodes"] if n["modules"])
    centre = CENTRE if CENTRE in ids else (hosts or ids or [None])[0]
    weight: dict[frozenset, int] = defaultdict(int)
    for e in graph["edges"]:
        if e["source"] != e["target"]:
            weight[frozenset((e["source"], e["target"]))] += 1
    left = [h for h in hosts if h != centre]

    def links(a, pool):
        return sum(weight[frozenset((a, b))] for b in pool if b != a)

    ring: list[str] = []
    while left:
        cur = ring[-1] if ring else None
        nxt = max(left, key=lambda h: (weight[frozenset((cur, h))] if cur else 0, links(h, left), h))
        ring.append(nxt)
        left.remove(nxt)
    for t in sorted(n["id"] for n in graph["nodes"] if not n["modules"] and n["id"] != centre):
        senders = [e["source"] for e in graph["edges"] if e["target"] == t and e["source"] in ring]
        best = max(set(senders), key=lambda x: (senders.count(x), x)) if senders else None
        if best is None or best == ring[0]:
            ring.append(t)                       # wraps round to sit beside the first organ
        else:
            i = ring.index(best) + 1
            while i < len(ring) and ring[i] not in hosts:
                i += 1
            ring.insert(i, t)
    pos = {centre: (0.0, 0.0)} if centre is not None else {}
    for k, n in enumerate(ring):
        a = math.pi / 2 - 2 * math.pi * k / len(ring)
        pos[n] = (math.cos(a), math.sin(a))
    return pos


def draw_graph(model: Model, path) -> Path:
    """Draw the signalling graph to ``path`` (.png, .svg or .pdf) and return the path."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Arc, FancyArrowPatch

    g = signalling_graph(model)
    pos = _layout(g)
    fig, ax = plt.subplots(figsize=(10, 10))
    r_node = 0.12

    # group edges by (source, target, style) so parallel flows share one labelled arrow
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for e in g["edges"]:
        style = "flow" if e["kind"] == "flow" else (e["kind"], e["modelled"])
        groups[(e["source"], e["target"], style)].append(e)
    pair_count: dict[tuple, int] = defaultdict(int)
    loops: dict[str, int] = defaultdict(int)
    internal: dict[str, set[str]] = defaultdict(set)
    for (src, dst, style), es in groups.items():
        if style == "flow":
            colour, ls, label = FLOW_COLOUR, "-", "\n".join(sorted({e["variable"] for e in es}))
        else:
            colour, ls = ROUTE_STYLE[style[0]], ("-" if style[1] else "--")
            label = ", ".join(sorted({e["module"] for e in es}))
        (x0, y0), (x1, y1) = pos[src], pos[dst]
        if src == dst:
            if style == "flow":     # flows inside one organ are listed under the node, not drawn
                internal[src].update(e["variable"] for e in es)
                continue
            k = loops[src]          # autocrine (or same-organ) routes: a loop above the node
            loops[src] += 1
            d = 0.12 + 0.07 * k
            ax.add_patch(Arc((x0, y0 + r_node + d / 2 - 0.02), d, d, theta1=-60, theta2=240, color=colour, ls=ls, lw=1.6))
            ax.text(x0 + d / 2 + 0.01, y0 + r_node + d * 0.8, label, fontsize=7, color=colour, ha="left", va="center")
            continue
        key = tuple(sorted((src, dst)))
        n = pair_count[key]
        pair_count[key] += 1
        rad = 0.12 + 0.12 * n
        arrow = FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=14, color=colour, ls=ls, lw=1.6,
                                connectionstyle=f"arc3,rad={rad}", shrinkA=38, shrinkB=38)
        ax.add_patch(arrow)
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        dx, dy = x1 - x0, y1 - y0
        ax.text(mx + rad * dy * 0.5, my - rad * dx * 0.5, label, fontsize=7, color=colour, ha="center", va="center",
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))

    for node in g["nodes"]:
        x, y = pos[node["id"]]
        has_modules = bool(node["modules"])
        ax.add_patch(plt.Circle((x, y), r_node, fc="#f2efe6" if has_modules else "white", ec="black",
                                lw=1.5 if has_modules else 1.0, ls="-" if has_modules else ":", zorder=3))
        ax.text(x, y, node["id"].replace("_", " "), ha="center", va="center", fontsize=10, weight="bold", zorder=4)
        below = textwrap.wrap(", ".join(node["modules"]), 34)
        if internal.get(node["id"]):
            below += textwrap.wrap("within: " + ", ".join(sorted(internal[node["id"]])), 40)
        if below:
            ax.text(x, y - r_node - 0.015, "\n".join(below), ha="center", va="top", fontsize=6.5, zorder=4,
                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85))

    handles = [Line2D([], [], color=FLOW_COLOUR, lw=1.6, label="variable flow (label: variable)")]
    handles += [Line2D([], [], color=c, lw=1.6, label=f"{k} route (label: module)") for k, c in ROUTE_STYLE.items()]
    handles += [Line2D([], [], color="black", lw=1.6, ls="--", label="declared, not modelled")]
    ax.legend(handles=handles, loc="lower left", fontsize=8, frameon=False)
    ax.set_title("myokinetics inter-organ signalling (derived from module declarations)")
    ax.set_xlim(-1.45, 1.45)
    ax.set_ylim(-1.45, 1.45)
    ax.set_aspect("equal")
    ax.axis("off")
    path = Path(path)
    fig.savefig(path, bbox_inches="tight", dpi=150 if path.suffix.lower() == ".png" else None)
    plt.close(fig)
    return path
