"""The table's formulas in a spreadsheet's own language, below every face.

The workbooks (:mod:`xlincome.workbooks`) and the LAMBDA library
(:mod:`xlincome.excel.lambdas`, and the library inside ``--formulas lambda``
templates) both write the table's native formula templates
(:mod:`xlincome.functions`) and the transition plan's month steps; both fill
them here, so that the two cannot drift:

- :mod:`.native`: a function's ``native_parts``, ``native_checks`` and
  result formulas filled in over given values, and the range rules;
- :mod:`.plan_steps`: one month of TRANSITION_PLAN as formulas, step by step
  as the model works it out, over "this month" and "last month" values;
- :mod:`.lambdas`, :mod:`.lambda_plan`: every function of the table as a
  LAMBDA defined name (display and stored form, :mod:`.stored`).
"""
