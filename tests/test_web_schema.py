"""Schemathesis against /openapi.json: every documented operation, generated bodies and parameters.

Checks: no server error (500), the status codes, content types, headers and bodies the schema
documents, and that schema-invalid input is rejected (4xx).  Not checked: ``positive_data_acceptance``
(that schema-valid input is always accepted): the schema says a program is a string, not which
strings are programs, so 'x' is a schema-valid body that the project rightly refuses with 422.
The heavy endpoints run under small caps, and /api/compare without the coverage phase (see CONFIG),
so a run takes under two minutes on two cores.
"""
from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="the web extra (fastapi, uvicorn, plotly) is not installed")
schemathesis = pytest.importorskip("schemathesis", reason="schemathesis (test extra) is not installed")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.config import SchemathesisConfig  # noqa: E402
from schemathesis.config._checks import NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES  # noqa: E402

from myokinetics.web.app import create_app  # noqa: E402
from myokinetics.web.limits import Limits  # noqa: E402

LIMITS = Limits(max_subjects=4, max_duration_h=7 * 24, max_run_in_h=7 * 24, max_subject_days=40, max_values=2e5,
                max_sets=100, max_body_bytes=32 * 1024, timeout_s=60)
APP = create_app(LIMITS, warm=False)
CONFIG = SchemathesisConfig.from_dict({
    "checks": {
        "positive_data_acceptance": {"enabled": False},
        # a body over the server's size cap is refused with 413 (Content Too Large): a rejection too
        "negative_data_rejection": {"expected-statuses": [*NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES, "413"]},
    },
    # The coverage phase sends ~200 boundary cases per operation; a comparison runs two simulations per
    # accepted case, so for /api/compare* only the schema's examples and the fuzzing phase run.
    "operations": [{"include-path-regex": "^/api/compare", "phases": {"coverage": {"enabled": False}}}],
})
schema = schemathesis.openapi.from_asgi("/openapi.json", APP, config=CONFIG)


@pytest.fixture(scope="module", autouse=True)
def _close_workers():
    yield
    APP.state.runner.close()


@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case):
    case.call_and_validate()
