"""The README's Python example runs as written."""

import doctest
from pathlib import Path


def test_readme_examples_run():
    failures, tried = doctest.testfile(str(Path("README.md").resolve()), module_relative=False)
    assert tried >= 3 and failures == 0
