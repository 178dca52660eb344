"""Cold-compile and warm-start benchmark of the simulation kernel, both layouts side by side.

    python benchmarks/compile.py [--layouts new inlined] [--weeks 12]

For each kernel layout, in a fresh subprocess with an empty kernel cache (MYOKINETICS_CACHE in a
temporary folder): import + model assembly, the cold compile (``engine.codegen.compile_model``, which
forces the integrator), then the default scenario (``examples/full-body-beginner.yaml``, one subject)
simulated twice (the second run is the warm time), and a third process that starts from the now-filled
cache (warm start: import + cache load + simulate).  Layouts: ``new`` (the right-hand side compiled as
its own function, called five times per step) and ``inlined`` (the former layout: the right-hand side
inlined into the integrator).  Results of both layouts are compared value by value (max relative
difference over every output).  Prints one table.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r'''
import json, sys, time, resource
t0 = time.perf_counter()
import myokinetics as mk
from myokinetics.engine import codegen
from myokinetics.models import build_model
t_import = time.perf_counter() - t0
inline = sys.argv[1] == "inlined"
model = build_model()
t1 = time.perf_counter()
codegen.compile_model(model, inline_rhs=inline)
t_compile = time.perf_counter() - t1
import myokinetics.engine.simulate as es
_orig = es.compile_model
es.compile_model = lambda m: _orig(m, inline_rhs=inline)
sc = mk.Scenario.from_yaml(sys.argv[2])
t2 = time.perf_counter(); ds = mk.simulate(sc); t_first = time.perf_counter() - t2
t3 = time.perf_counter(); ds = mk.simulate(sc); t_warm = time.perf_counter() - t3
ds.to_netcdf(sys.argv[3])
print(json.dumps({"import_s": t_import, "compile_s": t_compile, "first_s": t_first, "warm_s": t_warm,
                  "total_s": time.perf_counter() - t0,
                  "cpu_s": resource.getrusage(resource.RUSAGE_SELF).ru_utime}))
'''


def run(layout: str, scenario: str, cache: str, out: str) -> dict:
    env = dict(os.environ, MYOKINETICS_CACHE=cache, MYOKINETICS_QUIET="1")
    r = subprocess.run([sys.executable, "-c", CHILD, layout, scenario, out], env=env, capture_output=True, text=True,
                       cwd=ROOT)
    if r.returncode:
        raise SystemExit(r.stderr)
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--layouts", nargs="+", default=["new", "inlined"], choices=["new", "inlined"])
    ap.add_argument("--scenario", default=str(ROOT / "examples" / "full-body-beginner.yaml"))
    a = ap.parse_args()
    import numpy as np
    import xarray as xr
    rows, files = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for lay in a.layouts:
            cache = os.path.join(tmp, f"cache-{lay}")
            out = os.path.join(tmp, f"{lay}.nc")
            cold = run(lay, a.scenario, cache, out)
            warm = run(lay, a.scenario, cache, out)       # same cache: a warm start
            files[lay] = out
            rows.append((lay, cold, warm))
        diff = None
        if len(files) == 2:
            x, y = (xr.open_dataset(f) for f in files.values())
            diff = 0.0
            for v in x.data_vars:
                if x[v].dtype.kind == "f" and x[v].size:
                    d = np.nanmax(np.abs(x[v].values - y[v].values) / (np.abs(x[v].values) + 1e-300))
                    diff = max(diff, float(d))
    print(f"{'layout':<9} {'cold compile s':>14} {'cold CPU s':>10} {'import s':>8} {'warm start s':>12} "
          f"{'warm simulate s':>15}")
    for lay, cold, warm in rows:
        print(f"{lay:<9} {cold['compile_s']:>14.1f} {cold['cpu_s']:>10.1f} {warm['import_s']:>8.2f} "
              f"{warm['total_s']:>12.2f} {cold['warm_s']:>15.3f}")
    if diff is not None:
        print(f"max relative difference between layouts over every output: {diff:.3g}")


if __name__ == "__main__":
    main()
