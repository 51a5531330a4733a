"""The template workbooks as files: names, protection, validation, formats,
formulas generated from the table, the add-in sheet, the committed copies
and the ``xlincome templates`` command (no spreadsheet engine needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from xlincome.workbooks.check import LINKED_KINDS
from xlincome.cli import main
from xlincome.functions import BY_EXCEL_NAME, BY_NAME
from xlincome.profiles import NUMERIC
from xlincome.workbooks.templates import RESULT_NAMES, TEMPLATES, build, formulas, income_plan, risk_sheet, saved
from xlincome.functions import UDF_MODULE
from xlincome.workbooks.templates.book import XLWINGS_CONF
from xlincome.workbooks.templates.formulas import Source

SHIPPED = Path(__file__).resolve().parents[2] / "workbook_templates"

#: Functions every engine has (Excel 2010+, LibreOffice, Google Sheets); nothing newer.
PORTABLE = {"IF", "AND", "OR", "NOT", "ISNUMBER", "ISBLANK", "ISTEXT", "SUM", "SUMIF", "SUMSQ", "COUNT",
            "COUNTA", "COUNTIF", "MATCH", "INDEX", "TRIM", "CHOOSE", "MAX", "MIN", "N", "LEN", "STDEVP", "AVERAGE",
            "FIXED", "LEFT", "ROUND", "ROUNDUP", "TEXT",
            # the Risk sheet's generator, factors and percentiles (NORMSINV, not NORM.S.INV, which
            # needs the _xlfn. prefix in the file and shows #NAME? in LibreOffice and Gnumeric without it)
            "MOD", "INT", "SQRT", "LN", "EXP", "NORMSINV", "SMALL", "ROWS"}

#: The defined names each template must carry (point 4 of the issue), besides its extras.
EXPECTED_NAMES = {
    "revenue_floor": {"business_costs", "personal_costs", "tax_rate", "margin", "hourly_rate", "hours_per_week",
                      "weeks_per_year", "cash", "revenue_floor", "reserve_months", "service_income",
                      "required_rate", "hours_needed"},
    "product_breakeven": {"build_hours", "hourly_rate", "price", "units_per_month", "fee_rate", "monthly_costs",
                          "maintenance_hours", "upfront_costs", "horizon_months", "product_breakeven",
                          "breakeven_units"},
    "hybrid_mix": {"amounts", "kinds", "target_low", "target_high", "hybrid_mix", "effective_streams"},
    "transition_tracker": {"revenue_floor", "monthly_costs", "phase_status", "next_step", "phase_number",
                           "hybrid_mix"},
    "income_plan": {*NUMERIC, "profile_name", *RESULT_NAMES.values()},
    "transition_plan": {"hourly_rate", "hours_per_week", "build_hours", "build_hours_per_week", "price",
                        "units_per_month", "business_costs", "personal_costs", "cash", "tax_rate", "margin",
                        "fee_rate", "monthly_costs", "maintenance_hours", "upfront_costs", "ramp_months",
                        "target_hours_per_week", "weeks_per_year", "plan_launch", "plan_breakeven",
                        "plan_rebalance", "plan_lowest_cash", "plan_below_floor", "plan_final_share",
                        "plan_final_phase", "plan_table"},
}


@pytest.fixture(scope="module", params=sorted(TEMPLATES))
def template(request):
    return request.param, build(request.param)


def _named_cells(workbook):
    for name, defined in workbook.defined_names.items():
        for sheet, ref in defined.destinations:
            yield name, workbook[sheet], ref.replace("$", "")


def _validated(ws) -> set[str]:
    covered = set()
    for rule in ws.data_validations.dataValidation:
        for cell_range in rule.sqref.ranges:
            covered.update(f"{get_column_letter(column)}{row}" for row, column in cell_range.cells)
    return covered


def _sheets(workbook):
    return [ws for ws in workbook.worksheets if ws.title != XLWINGS_CONF]


def test_every_template_carries_its_defined_names(template):
    name, workbook = template
    assert EXPECTED_NAMES[name] <= set(workbook.defined_names)


def test_named_inputs_are_unlocked_validated_constants_and_named_results_are_locked_formulas(template):
    name, workbook = template
    inputs = 0
    for defined, ws, ref in _named_cells(workbook):
        for row in ws[ref] if ":" in ref else ((ws[ref],),):
            for cell in row:
                is_formula = isinstance(cell.value, str) and cell.value.startswith("=")
                if is_formula:
                    assert cell.protection.locked, f"{name}: {defined} {cell.coordinate} is a formula, locked"
                else:
                    assert not cell.protection.locked, f"{name}: input {defined} {cell.coordinate} is unlocked"
                    assert cell.coordinate in _validated(ws), f"{name}: input {defined} has validation"
                    inputs += 1
    assert inputs >= 2, f"{name} has named inputs"


def test_every_unlocked_cell_is_validated_and_every_formula_locked(template):
    name, workbook = template
    for ws in _sheets(workbook):
        covered = _validated(ws)
        assert ws.protection.sheet, f"{name}/{ws.title} is protected"
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    assert cell.protection.locked, f"{name}/{ws.title}!{cell.coordinate}"
                if not cell.protection.locked:
                    assert cell.coordinate in covered, f"{name}/{ws.title}!{cell.coordinate} has validation"


def test_every_validation_has_an_input_message_and_an_error_message(template):
    name, workbook = template
    for ws in _sheets(workbook):
        for rule in ws.data_validations.dataValidation:
            assert rule.showInputMessage and rule.prompt, f"{name}/{ws.title} {rule.sqref}"
            assert rule.showErrorMessage and rule.error, f"{name}/{ws.title} {rule.sqref}"


def test_every_number_and_formula_cell_has_a_number_format(template):
    name, workbook = template
    for ws in _sheets(workbook):
        for row in ws.iter_rows():
            for cell in row:
                numeric = isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
                formula = isinstance(cell.value, str) and cell.value.startswith("=") and cell.row > 1
                if numeric or formula or not cell.protection.locked:
                    assert cell.number_format != "General", f"{name}/{ws.title}!{cell.coordinate}"


def test_every_sheet_has_a_title_a_purpose_and_a_one_page_print_setup(template):
    name, workbook = template
    assert "Guide" in workbook.sheetnames
    for ws in _sheets(workbook):
        assert ws["A1"].value and ws["A2"].value, f"{name}/{ws.title}"
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.print_area


def test_every_template_has_an_xlwings_conf_sheet_pointing_at_the_udf_module(template):
    name, workbook = template
    ws = workbook[XLWINGS_CONF]
    # xlwings.utils.read_config_sheet reads A1:B1 expanded down: keys in A, values in B.
    assert (ws["A1"].value, ws["B1"].value) == ("UDF Modules", UDF_MODULE) == ("UDF Modules", "xlincome.udfs")
    assert ws["A2"].value is None
    assert ws.sheet_state == "hidden", "out of sight and out of print"
    assert workbook.active.sheet_state == "visible"


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_xlwings_finds_the_hidden_conf_sheet_by_its_own_code(name, tmp_path):
    """xlwings reads the sheet with ``xlwings.utils.read_config_sheet(book)``, which looks it up
    as ``book.sheets["xlwings.conf"]``; here on a book opened by xlwings' own file reader."""
    xlwings = pytest.importorskip("xlwings")
    from xlwings.utils import read_config_sheet

    path = tmp_path / f"{name}.xlsx"
    build(name, risk=False).save(path)  # the Risk sheet changes nothing here
    assert load_workbook(path)[XLWINGS_CONF].sheet_state == "hidden"
    book = xlwings.Book(path, mode="r")
    try:
        assert read_config_sheet(book) == {"UDF Modules": UDF_MODULE}
    finally:
        book.close()


def test_native_formulas_use_only_functions_every_engine_has(template):
    name, workbook = template
    used = set()
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    text = re.sub(r'"[^"]*"', '""', cell.value)
                    used.update(re.findall(r"([A-Z][A-Z0-9.]*)\(", text))
    assert used <= PORTABLE, f"{name}: {used - PORTABLE}"


def test_native_formula_shows_the_broken_rule_instead_of_an_error_value():
    formula = formulas.native("reserve_months", {"cash": "cash", "monthly_costs": "total_costs"})
    assert formula == ('=IF(OR(NOT(ISNUMBER(cash)),cash<0),"cash must be >= 0",'
                       'IF(OR(NOT(ISNUMBER(total_costs)),total_costs<=0),"total_costs must be > 0",'
                       'cash/total_costs))')


def test_native_formula_passes_on_a_message_from_the_cell_it_reads():
    formula = formulas.native("hours_needed", {"target_income": Source("revenue_floor", computed=True),
                                               "rate": "hourly_rate"})
    assert formula.startswith("=IF(ISTEXT(revenue_floor),revenue_floor,")
    assert formula.endswith("revenue_floor*12/(hourly_rate*48)" + ")" * 3)


def test_blank_optional_input_takes_its_default_in_native_formulas():
    formula = formulas.native("service_income", {"rate": "r", "hours_per_week": "h", "weeks_per_year": "w"})
    assert "r*h*IF(ISBLANK(w),48,w)/12" in formula
    assert '"w must be in (0, 52]"' in formula


def test_a_blank_input_takes_the_default_its_source_gives_where_the_function_has_none():
    formula = formulas.native("reserve_months", {"cash": Source("cash", default=0.0), "monthly_costs": "costs"})
    assert formula.startswith('=IF(AND(NOT(ISBLANK(cash)),OR(NOT(ISNUMBER(cash)),cash<0)),"cash must be >= 0",')
    units = formulas.native("breakeven_units", {name: Source(name, default=12.0) if name == "horizon_months" else name
                                                for name in ("build_hours", "hourly_rate", "price", "horizon_months")})
    assert "/IF(ISBLANK(horizon_months),12,horizon_months)+" in units


def test_udf_formulas_fill_in_a_blank_default_the_function_lacks():
    sources = {"cash": Source("cash", default=0.0), "monthly_costs": "costs"}
    assert formulas.udf("reserve_months", sources) == "=RESERVE_MONTHS(IF(ISBLANK(cash),0,cash),costs)"
    weeks = {"rate": "r", "hours_per_week": "h", "weeks_per_year": Source("w", default=48.0)}
    assert formulas.udf("service_income", weeks) == "=SERVICE_INCOME(r,h,w)"


def test_income_plan_blank_profile_inputs_take_the_profile_defaults():
    workbook = build("income_plan")
    assert "IF(ISBLANK(horizon_months),12,horizon_months)" in workbook["Product"]["B19"].value
    assert workbook["Floor"]["B16"].value.startswith('=IF(AND(NOT(ISBLANK(cash)),')
    assert '=IF(AND(NOT(ISBLANK(product_income)),' in workbook["Mix"]["C10"].value
    assert "IF(AND(NOT(ISBLANK(product_income))," in workbook["Transition"]["B13"].value
    assert "blank: 12" in workbook["Product"]["C13"].value


def test_range_guards_say_must_be_a_number_for_text_and_pass_on_the_linked_rows_messages():
    formula = formulas.native("effective_streams", {"amounts": Source("amounts", passed_on=("$C$9", "$C$10"))})
    assert formula.startswith('=IF(ISTEXT($C$9),$C$9,IF(ISTEXT($C$10),$C$10,'
                              'IF(COUNTA(amounts)>COUNT(amounts),"amounts must be a number",'
                              'IF(COUNTIF(amounts,"<0")>0,"amounts must be >= 0 or blank",')
    mix = build("income_plan")["Mix"]
    assert mix["B29"].value.startswith("=IF(ISTEXT($C$9),$C$9,IF(ISTEXT($C$10),$C$10,")
    assert 'COUNTIF($D$9:$D$20,"no kind")>0,"kinds must be given for every amount"' in mix["B29"].value
    assert 'COUNTIF($D$9:$D$20,"unknown")>0,"kinds must be a known kind: ' in mix["B29"].value


def test_income_plan_linked_streams_are_the_two_streams_check_and_batch_count():
    assert tuple(kind for _, kind, _ in income_plan.LINKED_STREAMS) == LINKED_KINDS == ("service", "product")
    mix = build("income_plan")["Mix"]
    assert [mix[f"B{row}"].value for row in (9, 10)] == ['="service"', '="product"']
    assert mix["C9"].value == "=service_income"


def test_udf_formulas_call_the_xlwings_functions_by_their_excel_names():
    product = {name: name for name in ("build_hours", "hourly_rate", "price", "units_per_month", "fee_rate",
                                       "monthly_costs", "maintenance_hours", "upfront_costs")}
    assert formulas.udf("product_breakeven", product) == (
        "=PRODUCT_BREAKEVEN(build_hours,hourly_rate,price,units_per_month,fee_rate,monthly_costs,"
        "maintenance_hours,upfront_costs)")
    assert formulas.udf("hybrid_mix", {"amounts": "amounts", "kinds": "kinds"}, "gap") == \
        '=HYBRID_MIX(amounts,kinds,,,"gap")'


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_udf_templates_compute_every_headline_with_the_function_of_the_same_name(name):
    workbook = build(name, "udf")
    for defined, ws, ref in _named_cells(workbook):
        if defined in BY_NAME and ":" not in ref:
            value = ws[ref].value
            if isinstance(value, str) and value.startswith("="):
                assert value.startswith(f"={BY_NAME[defined].excel_name}(") or "INDEX(" in value, defined
    calls = set()
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    calls.update(re.findall(r"\b([A-Z_]+)\(", cell.value))
    assert calls & set(BY_EXCEL_NAME), f"{name} calls the xlwings functions"


def _content(workbook) -> dict:
    """What a person sees and what the formulas do, without bytes or styles' ids."""
    sheets = {}
    for ws in workbook.worksheets:
        cells = {cell.coordinate: cell.value for row in ws.iter_rows() for cell in row if cell.value is not None}
        rules = sorted((str(rule.sqref), rule.type, rule.formula1, rule.prompt, rule.error)
                       for rule in ws.data_validations.dataValidation)
        sheets[ws.title] = (cells, rules)
    names = {name: defined.attr_text for name, defined in workbook.defined_names.items()}
    return {"sheets": sheets, "names": names}


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_committed_workbook_matches_a_fresh_generation(name, tmp_path):
    path = tmp_path / f"{name}.xlsx"
    path.write_bytes(saved(name))
    assert _content(load_workbook(SHIPPED / f"{name}.xlsx")) == _content(load_workbook(path)), \
        "run `xlincome templates --force` and commit workbook_templates/"


def test_templates_command_writes_every_workbook(tmp_path):
    result = CliRunner().invoke(main, ["templates", "--out", str(tmp_path), "--formulas", "udf"])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in tmp_path.glob("*.xlsx")) == sorted(f"{name}.xlsx" for name in TEMPLATES)
    assert "6 workbooks with udf formulas" in result.output


def test_templates_command_keeps_existing_workbooks_unless_forced(tmp_path):
    filled = tmp_path / "income_plan.xlsx"
    filled.write_bytes(b"a freelancer's filled-in plan")
    kept = CliRunner().invoke(main, ["templates", "--out", str(tmp_path)])
    assert kept.exit_code == 0, kept.output
    assert "kept 1 existing" in kept.output and "5 workbooks" in kept.output
    assert filled.read_bytes() == b"a freelancer's filled-in plan"
    forced = CliRunner().invoke(main, ["templates", "--out", str(tmp_path), "--force"])
    assert forced.exit_code == 0 and "6 workbooks" in forced.output
    assert load_workbook(filled, read_only=True).sheetnames[0] == "Dashboard"
    assert not list(tmp_path.glob(".*.part"))


def test_templates_command_refuses_an_unknown_formula_kind(tmp_path):
    result = CliRunner().invoke(main, ["templates", "--out", str(tmp_path), "--formulas", "vba"])
    assert result.exit_code == 2
    assert "'vba' is not one of 'native', 'udf'" in result.output


def test_docs_list_every_defined_name_of_every_template():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "templates.md").read_text(encoding="utf-8")
    for name in TEMPLATES:
        for defined in build(name).defined_names:
            assert f"`{defined}`" in docs, f"{name}: {defined}"


def test_dashboard_status_cells_are_coloured_by_their_first_word():
    ws = build("income_plan")["Dashboard"]
    rules = {str(cells.sqref): [(rule.formula[0], rule.dxf.fill.fgColor.rgb) for rule in found]
             for cells, found in ws.conditional_formatting._cf_rules.items()}
    assert rules == {"C8:C13": [('LEFT(C8,4)="Good"', "00C6EFCE"), ('LEFT(C8,5)="Watch"', "00FFEB9C"),
                                ('LEFT(C8,3)="Act"', "00FFC7CE")],
                     "C16": [('LEFT(C16,4)="Good"', "00C6EFCE"), ('LEFT(C16,5)="Watch"', "00FFEB9C")]}
    assert [ws[f"A{row}"].value for row in range(8, 14)] == [
        "Income against your floor", "Scalable share of income", "Months your cash covers",
        "Months until the product pays back", "Lowest savings in your plan", "Odds your savings run out"]
    assert ws["C11"].value.startswith('=IF(product_breakeven="never","Act: never pays back",')
    assert ws["B15"].value == '=IF(ISNUMBER(phase_number),"Phase "&phase_number&" of 4",phase_number)'
    assert ws["C13"].value == risk_sheet.ruin_status("risk_ruin")
    assert "Green under 5 %, amber 5 % to 20 %, red above 20 %" in ws["D13"].value
    # without the Risk sheet (generate without --risk) the Dashboard is as before
    plain = build("income_plan", risk=False)["Dashboard"]
    assert "C8:C12" in {str(cells.sqref) for cells in plain.conditional_formatting._cf_rules}
    assert "Risk" not in build("income_plan", risk=False).sheetnames


def test_risk_sheet_status_is_coloured_and_its_thresholds_written_beside_it():
    for name in ("income_plan", "transition_plan"):
        workbook = build(name)
        sheet, ref = next(iter(workbook.defined_names["risk_status"].destinations))
        ws = workbook[sheet]
        cell = ref.replace("$", "")
        rules = {str(cells.sqref): [rule.formula[0] for rule in found]
                 for cells, found in ws.conditional_formatting._cf_rules.items()}
        assert rules[cell] == [f'LEFT({cell},4)="Good"', f'LEFT({cell},5)="Watch"', f'LEFT({cell},3)="Act"']
        assert "under 5 %" in ws.cell(ws[cell].row, ws[cell].column + 1).value



@pytest.mark.parametrize("name, functions", [("transition_plan", ["TRANSITION_PLAN"]),
                                             ("revenue_floor", ["SERVICE_INCOME", "REVENUE_FLOOR"])])
def test_the_guide_names_the_functions_behind_the_results(name, functions):
    ws = build(name)["Guide"]
    texts = [cell for row in ws.iter_rows(values_only=True) for cell in row if isinstance(cell, str)]
    start = texts.index("Functions behind the results")
    listed = [text for text in texts[start:texts.index("With the xlwings add-in")] if text.isupper()]
    assert all(function in listed for function in functions), listed
