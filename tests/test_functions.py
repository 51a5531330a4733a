"""The table of functions agrees with the model it describes."""

import inspect
import math

import pytest

from xlincome import model
from xlincome.functions import BY_NAME, FUNCTIONS


def test_every_public_model_function_has_one_entry():
    public = {name for name, obj in inspect.getmembers(model, inspect.isfunction)
              if obj.__module__.startswith(model.__name__ + ".") and hasattr(obj, "domain")}
    assert public == set(BY_NAME)
    assert [f.excel_name for f in FUNCTIONS] == [f.name.upper() for f in FUNCTIONS]


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.excel_name)
def test_arguments_follow_the_signature_and_are_documented(function):
    signature = inspect.signature(function.python)
    assert [a.name for a in function.arguments] == list(signature.parameters)
    for argument in function.arguments:
        assert argument.doc.endswith(".")
        parameter = signature.parameters[argument.name]
        assert argument.optional == (parameter.default is not inspect.Parameter.empty)
        if argument.optional:
            assert argument.default == parameter.default


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.excel_name)
def test_every_example_of_the_table_holds(function):
    assert function.examples
    for kwargs, expected in function.examples:
        got = function(**kwargs)
        if isinstance(expected, str) or (isinstance(expected, float) and math.isinf(expected)):
            assert got == expected
        else:
            assert got == pytest.approx(expected, rel=1e-9)
