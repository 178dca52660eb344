"""The kernel cache is keyed by code (notes and docstrings never recompile, a rate-function edit does), and the
compile notice: whether a model's kernel is cached (without compiling it), and how long a compile took."""
import hashlib

from myokinetics.engine import codegen, kernel_cache


def _digest(f):
    h = hashlib.sha1()
    codegen._func_digest(h, f, set())
    return h.hexdigest()


def _make(src: str):
    ns: dict = {}
    exec(compile(src, "<m>", "exec"), ns)
    return ns["rhs"]


def test_docstrings_comments_and_line_numbers_do_not_change_the_key():
    a = _make("def rhs(x, k):\n    return -k * x\n")
    b = _make("\n\n# a comment\ndef rhs(x, k):\n    '''Decay.'''\n    # why\n    return -k * x\n")
    assert _digest(a) == _digest(b)


def test_a_changed_rate_function_or_helper_changes_the_key():
    a = _make("def rhs(x, k):\n    return -k * x\n")
    b = _make("def rhs(x, k):\n    return -2.0 * k * x\n")
    assert _digest(a) != _digest(b)
    h1 = _make("def helper(x):\n    return x\ndef rhs(x, k):\n    return -k * helper(x)\n")
    h2 = _make("def helper(x):\n    return x * x\ndef rhs(x, k):\n    return -k * helper(x)\n")
    assert _digest(h1) != _digest(h2)


def test_model_key_ignores_parameter_values_notes_and_sources():
    """Values are passed to the kernel at run time; notes and sources never reach it."""
    import dataclasses

    from myokinetics.models import DEFAULT_MODULES, build_model
    from myokinetics.modules.myokines.il6 import IL6

    base = codegen.code_key(build_model())
    assert codegen.code_key(build_model({"il6.k_clear": 9.0})) == base
    orig = IL6.params
    try:
        IL6.params = tuple(dataclasses.replace(p, note="edited note", source="another source") for p in orig)
        IL6.__doc__ = "An edited module docstring."
        assert codegen.code_key(build_model(modules=tuple(DEFAULT_MODULES))) == base
    finally:
        IL6.params = orig


def test_kernel_is_reported_as_cached_after_first_use(model):
    codegen.compile_model(model)
    assert codegen.is_cached(model)


def test_inlined_layout_differs_only_in_the_inline_flag(model):
    a = codegen.source(model)
    b = codegen.source(model, inline_rhs=True)
    assert a != b and a == b.replace(", inline='always')\ndef rhs", ")\ndef rhs")

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
    assert "compiling" in kernel_cache.compile_notice() and "about 30 s" in kernel_cache.compile_notice()
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
