"""The compile notice: whether a model's kernel is cached (without compiling it), and how long a compile took."""
from __future__ import annotations

from myokinetics.engine import codegen, kernel_cache


def test_a_simulated_model_reads_as_cached(model):
    from myokinetics.api import simulate
    from myokinetics.cli import build_scenario

    simulate(build_scenario(None, ["Back squat 3x5 @ 80% 1RM"], 1, 1, 0), model=model)
    key = kernel_cache.kernel_key(model)
    assert codegen.compile_model(model).__name__.endswith(key)      # the same key as compile_model's
    assert kernel_cache.kernel_cached(model)


def test_an_empty_cache_is_not_cached_and_nothing_is_compiled(model, tmp_path, monkeypatch):
    monkeypatch.setenv("MYOKINETICS_CACHE", str(tmp_path))
    monkeypatch.setattr(codegen, "_LOADED", {})
    assert not kernel_cache.kernel_cached(model)
    assert not list((tmp_path / "kernels").glob("k_*.py"))          # looking wrote no kernel
    assert "compiling" in kernel_cache.compile_notice() and "min" in kernel_cache.compile_notice()
    assert kernel_cache.last_compile_seconds() is None
    kernel_cache.record_compile_seconds(312.4)
    assert kernel_cache.last_compile_seconds() == 312.4
    assert "the last compile here took 5 min" in kernel_cache.compile_notice()


def test_the_cli_says_it_compiles(model, tmp_path, monkeypatch):
    from myokinetics import cli

    printed = []

    class Console:
        def print(self, text, **kw):
            printed.append(text)

    monkeypatch.setattr(cli, "_console", lambda stderr=False: Console())
    monkeypatch.setattr(kernel_cache, "kernel_cached", lambda m: False)
    assert cli._compile_notice(model, quiet=False) is True
    assert printed and printed[0].startswith("compiling the simulation kernel")
    printed.clear()
    assert cli._compile_notice(model, quiet=True) is True and not printed
    monkeypatch.setattr(kernel_cache, "kernel_cached", lambda m: True)
    assert cli._compile_notice(model, quiet=False) is False and not printed
