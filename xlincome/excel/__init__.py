"""The cell face: the model as Excel functions.

:mod:`.udfs` generates one xlwings function per entry of the table
(:mod:`xlincome.udfs` is the name the add-ins import), :mod:`.cells` turns
what a cell passes into model arguments and results back into what a cell
shows, :mod:`.lite` writes xlwings Lite's ``main.py``, :mod:`.setup` points
xlwings at the functions, and :mod:`.reference` writes ``docs/functions.md``.
"""
