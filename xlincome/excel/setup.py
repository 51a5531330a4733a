"""What can be set up for Excel from Python on the user's machine (``xlincome excel setup``).

:func:`configure` writes the xlwings user settings (the file xlwings' own
add-in reads, ``~/.xlwings/xlwings.conf``, through xlwings' own reader and
writer) so that "UDF Modules" includes :data:`~xlincome.functions.UDF_MODULE`
(``xlincome.udfs``), keeping every other setting and any other UDF module;
:data:`NEXT_STEPS` is what the user does next, in Excel.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..functions import UDF_MODULE

#: xlwings' settings key for it (the ribbon's "UDF Modules" field).
UDF_MODULES_KEY = "UDF MODULES"

NEXT_STEPS = """\
Windows desktop Excel (classic xlwings add-in):
  1. xlwings addin install   (Excel closed; an xlwings tab appears at its next start)
  2. In Excel: File > Options > Trust Center > Trust Center Settings > Macro Settings:
     tick "Trust access to the VBA project object model".
  3. Save the workbook as a macro-enabled workbook (.xlsm). Alt+F11, select its VBAProject,
     Tools > References: tick "xlwings".
  4. On the xlwings tab click "Import Functions", then save. Type
     =PRODUCT_BREAKEVEN(120, 150, 99, 30) into a cell: 6.06...
  After upgrading xlincome: "Restart UDF Server", "Import Functions" again, save.

Mac, Excel on the web, or Windows without the add-in (xlwings Lite):
  1. xlincome excel lite --out xlincome-lite   (writes main.py and requirements.txt)
  2. Home > Add-ins (or Insert > Get Add-ins): add "xlwings Lite", open it from the Home tab.
  3. Paste main.py and requirements.txt over the editor's two files, then restart.
  Once xlincome is on PyPI: requirements.txt  xlincome=={version},  main.py  from xlincome.udfs import *

Details: docs/excel.md; every function: docs/functions.md."""


def merged_modules(current: str | None) -> str:
    """The "UDF Modules" value with ``xlincome.udfs`` added (";"-separated, as xlwings splits it)."""
    modules = [module.strip() for module in (current or "").split(";") if module.strip()]
    if UDF_MODULE not in modules:
        modules.append(UDF_MODULE)
    return ";".join(modules)


def configure() -> tuple[Path, str]:
    """Point xlwings' "UDF Modules" at ``xlincome.udfs``; return the settings file and the value.

    On Windows the Python running this also becomes the add-in's
    interpreter, unless one is set already.
    """
    import xlwings
    from xlwings.cli import update_user_config
    from xlwings.utils import read_user_config

    settings = read_user_config()
    value = merged_modules(settings.get(UDF_MODULES_KEY.lower()))
    update_user_config(UDF_MODULES_KEY, value)
    if sys.platform.startswith("win") and "interpreter_win" not in settings:
        update_user_config("INTERPRETER_WIN", sys.executable)
    return Path(xlwings.USER_CONFIG_FILE), value
