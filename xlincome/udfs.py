"""The module the xlwings add-ins import the Excel functions from: ``xlincome.udfs``.

Its name is what xlwings' "UDF Modules" setting holds (``xlincome excel
setup`` writes it), what every template's ``xlwings.conf`` sheet names, and
what xlwings Lite's ``main.py`` imports, so workbooks keep working whatever
moves inside the package (:data:`xlincome.functions.UDF_MODULE`).  The
functions themselves are generated from the table in
:mod:`xlincome.excel.udfs`.
"""

from .excel.udfs import *  # noqa: F401,F403 - the Excel functions, by their Excel names
from .excel.udfs import __all__  # noqa: F401
