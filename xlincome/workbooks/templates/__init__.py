"""The template workbooks: one builder per workbook, formulas generated from
the table of functions, written with openpyxl.

>>> sorted(TEMPLATES)
['hybrid_mix', 'income_plan', 'product_breakeven', 'revenue_floor', 'transition_plan', 'transition_tracker']
"""

from .income_plan import RESULT_NAMES
from .writer import FORMULAS, RISK_TEMPLATES, TEMPLATES, build, saved, write_templates

__all__ = ["FORMULAS", "RESULT_NAMES", "RISK_TEMPLATES", "TEMPLATES", "build", "saved", "write_templates"]
