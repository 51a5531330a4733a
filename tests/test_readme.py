"""The README's Python example runs as written."""

import doctest
from pathlib import Path


def test_readme_examples_run():
    readme = Path(__file__).resolve().parent.parent / "README.md"
    failures, tried = doctest.testfile(str(readme), module_relative=False)
    assert tried >= 3 and failures == 0
