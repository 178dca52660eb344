"""Is the compiled kernel of a model already cached?  (For the CLI's "compiling..." notice.)

:func:`myokinetics.engine.codegen.compile_model` writes the generated kernel to
``cache_dir()/k_<key>.py`` and Numba caches its compiled functions next to it
(``__pycache__/k_<key>.<function>-<line>.py<ver>.nbi``).  A cold compile takes
minutes, a cached kernel loads in about a second, so the command line says
when it is about to compile.  This module only *looks*: it never compiles and
never writes a kernel.  ``kernel_key`` must match ``compile_model``'s key
(tests/test_kernel_cache.py checks that a simulated model reads as cached).

The wall time of the last compile on this machine is kept in
``cache_dir()/compile_times.json`` so the notice can say roughly how long the
next one takes.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

from myokinetics.engine import codegen

__all__ = ["kernel_key", "kernel_cached", "last_compile_seconds", "record_compile_seconds", "compile_notice",
           "TYPICAL_COMPILE_S"]

#: Wall time of a cold compile of the full model when nothing else records one: 27 s measured on the
#: project's 2-core machine (2026-12-02, 281-state model, rhs not inlined; `python benchmarks/compile.py`).
TYPICAL_COMPILE_S = 30.0


def kernel_key(model) -> str:
    """The cache key ``compile_model`` uses for ``model`` (:func:`myokinetics.engine.codegen.code_key`)."""
    return codegen.code_key(model)


def kernel_cached(model) -> bool:
    """True when ``model``'s kernel is loaded in this process or compiled in the on-disk cache."""
    return codegen.is_cached(model)


def _times_path() -> Path:
    return codegen.cache_dir() / codegen._TIMES


def last_compile_seconds() -> float | None:
    """Wall time of the last recorded compile on this machine (seconds), or None."""
    return codegen._last_compile_s()


def record_compile_seconds(seconds: float) -> None:
    """Remember how long a first run (compile included) took; failures to write are ignored."""
    try:
        _times_path().write_text(json.dumps({"last_s": round(float(seconds), 1),
                                             "recorded": time.strftime("%Y-%m-%d %H:%M")}), encoding="utf-8")
    except OSError:
        pass


def _minutes(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.0f} min"


def compile_notice() -> str:
    """The line shown before a cold compile: what happens, about how long, and that it happens once."""
    last = last_compile_seconds()
    how_long = (f"the last compile here took {_minutes(last)}" if last is not None
                else f"about {_minutes(TYPICAL_COMPILE_S)} on 2 cores")
    return (f"compiling the simulation kernel for this model: first run only, {how_long}; "
            f"cached afterwards in {codegen.cache_dir()}")
