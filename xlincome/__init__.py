"""xlincome: a freelancer's income model inside the spreadsheets they already use.

The model lives in :mod:`xlincome.model`; :mod:`xlincome.functions` is the
table every face (Excel functions, template workbooks, docs) is built from.
"""

from .errors import InputError

__version__ = "0.1.0"
__all__ = ["InputError", "__version__"]
