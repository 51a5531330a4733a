"""The workbook face: template workbooks in native formulas, and workbooks per profile.

:mod:`.templates` builds the template workbooks from the table of
functions; :mod:`.choice` picks the template a run uses;
:mod:`.personalize` fills a copy for one profile; :mod:`.generate` writes
one per profile, safely, in parallel; :mod:`.check` reads a filled one back
against the model; :mod:`.engines` recalculates workbooks in LibreOffice and
Gnumeric; :mod:`.previews` renders them to pictures for the docs.
"""
