"""Chart helpers: text categories read as text by every chart reader."""

from __future__ import annotations

from openpyxl.chart import Reference
from openpyxl.chart.data_source import AxDataSource, StrRef


def set_text_categories(chart, labels: Reference) -> None:
    """Categories from the text cells ``labels``, as a string reference (``c:strRef``).

    openpyxl's ``set_categories`` always writes a number reference (``c:numRef``),
    which readers take for numbers: the labels of a pie or bar chart then show as
    1, 2, 3 or not at all.
    """
    for series in chart.series:
        series.cat = AxDataSource(strRef=StrRef(f=str(labels)))
