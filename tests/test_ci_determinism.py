"""Under CI the property tests draw the same examples on every run, so a run never fails by chance.

``tests/conftest.py`` loads the hypothesis profile ``ci`` when ``CI`` is
set.  These tests hold the guarantee itself: every property test of the
suite runs under derandomized settings when ``CI`` is set, and a property
test run twice under ``CI=true`` tries exactly the same examples.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CI_PROFILE
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
#: A quick property test of the suite (100 examples under CI), run twice in new processes.
SAMPLE = "tests/model/test_model_properties.py::test_scalable_share_stays_between_0_and_1"


def _tried_examples(environment: dict[str, str]) -> list[str]:
    done = subprocess.run([sys.executable, "-m", "pytest", SAMPLE, "-q", "-s", "-p", "no:cacheprovider",
                           "--hypothesis-verbosity=verbose"],
                          cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    # each example as hypothesis prints it: "Test case: name(" (older: "Trying example:") to ")"
    return re.findall(r"^(?:Test case|Trying example): .*?^\)$", done.stdout, flags=re.MULTILINE | re.DOTALL)


def test_two_runs_under_ci_try_the_same_examples():
    environment = {**os.environ, "CI": "true"}
    first, second = _tried_examples(environment), _tried_examples(environment)
    assert len(first) >= 50
    assert first == second


def test_the_ci_profile_is_derandomized_without_a_database_or_deadline():
    profile = settings.get_profile(CI_PROFILE)
    assert (profile.derandomize, profile.database, profile.deadline, profile.print_blob) == (True, None, None, True)


@pytest.mark.skipif(not os.environ.get("CI"), reason="CI is not set: local runs keep exploring new examples")
def test_under_ci_every_property_test_of_the_suite_is_derandomized(request):
    property_tests = [item for item in request.session.items
                      if getattr(getattr(item, "obj", None), "is_hypothesis_test", False)]
    assert len(property_tests) >= 20
    loose = [item.nodeid for item in property_tests
             if not item.obj._hypothesis_internal_use_settings.derandomize]
    assert not loose
