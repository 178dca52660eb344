"""The kernel cache is keyed by code: notes and docstrings never recompile, a rate-function edit does."""
import hashlib

from myokinetics.engine import codegen


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
