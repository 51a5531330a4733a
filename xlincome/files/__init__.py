"""Files on disk, so that nothing is lost and nothing hostile gets in.

:mod:`.writing` writes a file whole or not at all and never over an
existing one unless asked; :mod:`.xlsx_parts` reads an ``.xlsx`` file as its
zip parts, with bounds and safe XML, for every reader of workbooks.
"""
