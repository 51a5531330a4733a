"""Untrusted text made inert wherever it goes.

A profile's name, a header or a cell of someone's workbook is data, never
markup, a formula or a path: :mod:`.terminal` spells out what a terminal
would act on, :mod:`.spreadsheet` keeps text from running as a formula in a
cell or a CSV file, and :mod:`.filenames` makes a safe, unique file name of it.
"""
