import os
import tempfile

import pytest

# Compiled kernels are cached on disk; keep the tests' cache inside the session's temp area
# unless the user set one.
os.environ.setdefault("MYOKINETICS_CACHE", os.path.join(tempfile.gettempdir(), "myokinetics-test-cache"))


@pytest.fixture(scope="session")
def model():
    from myokinetics.models import build_model

    return build_model()
