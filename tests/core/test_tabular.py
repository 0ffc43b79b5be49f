"""core.tabular: one column spec for export and import; formulas neutralised on the way out and refused on the
way in; the limits of an upload checked while it is read."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from core.errors import RuleError
from core.tabular import (
    DATE,
    Choice,
    Choices,
    Column,
    Integer,
    Limits,
    SheetSpec,
    TextList,
    Use,
    export,
    neutralise,
    read_sheet,
    restore,
)
from core.tabular.archive import LimitedArchive, LimitExceeded
from core.tabular.cells import CellProblem
from tests.core.xlsx_files import inline_row, xlsx

COLOUR = Choice((("red", "rood"), ("green", "groen")), aliases=(("verde", "green"),))
SPEC = SheetSpec(
    name="Blad",
    ref="code",
    columns=(
        Column("Code", 10, key="code", use=Use.KEY),
        Column("Naam", 30, key="name", wrap=True),
        Column("Kleur", key="colour", type=COLOUR),
        Column("Kleuren", key="colours", type=Choices(COLOUR)),
        Column("Op", key="on", type=DATE),
        Column("Aantal", key="count", type=Integer(1, 5)),
        Column("Labels", key="labels", type=TextList()),
        Column("Uitleg", key="note", use=Use.SHOWN),
    ),
    help_sheet="Toelichting",
)
HEADERS = [column.header for column in SPEC.columns]


def workbook_of(rows: list[list[object]], spec: SheetSpec = SPEC) -> bytes:
    """A hand-made sheet: the headers of `spec`, then `rows` (a formula is a text starting with "=")."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = spec.name
    sheet.append([column.header for column in spec.columns])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refusal(data: bytes, spec: SheetSpec = SPEC) -> list[tuple]:
    with pytest.raises(RuleError) as refused:
        read_sheet(data, spec)
    return [(problem.code, problem.params) for problem in refused.value.problems]


@pytest.mark.parametrize(
    "text",
    ["=A1", "'=A1 is geen formule", "''=A1", "-5 dagen", "+31 6", "@regio", "\tin", "\rx", "'t Team", "'"],
)
def test_neutralised_text_comes_back_exactly(text):
    written = neutralise(text)
    assert written[0] not in "=+-@\t\r" and restore(written) == text


def test_an_export_reads_back_as_it_was_written():
    rows = [
        {
            "code": "1",
            "name": "'=A1 is geen formule",
            "colour": "green",
            "colours": ("red", "green"),
            "on": date(2026, 3, 5),
            "count": 3,
            "labels": ("5.1", "8.07.01"),
            "note": "=ignored",
        },
        {"code": "2", "name": "=HYPERLINK(1)"},
    ]
    data = export(SPEC, rows)
    sheet = load_workbook(io.BytesIO(data))["Blad"]
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
    (first, second) = read_sheet(data, SPEC)
    assert first.values == {key: value for key, value in rows[0].items() if key != "note"}
    assert second.values == {
        "code": "2",
        "name": "=HYPERLINK(1)",
        "colour": None,
        "colours": (),
        "on": None,
        "count": None,
        "labels": (),
    }
    assert (first.number, first.ref, first.problems, second.number) == (2, "1", [], 3)


def test_the_spec_drives_the_layout_of_the_export():
    workbook = load_workbook(
        io.BytesIO(export(SPEC, [{"code": "1", "colour": "red", "on": date(2026, 1, 1)}]))
    )
    assert workbook.sheetnames == ["Blad", "Toelichting", "Lijsten"]
    assert workbook["Lijsten"].sheet_state == "hidden"
    sheet = workbook["Blad"]
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert sheet["A1"].fill.fgColor.rgb.endswith("154273") and sheet["A1"].font.bold
    assert sheet.column_dimensions["B"].width == 30 and sheet["B2"].alignment.wrap_text
    assert sheet["A2"].fill.fgColor.rgb.endswith("EFEFEF") and sheet["H2"].fill.fgColor.rgb.endswith("EFEFEF")
    assert sheet["C2"].value == "rood" and sheet["E2"].number_format == "DD-MM-YYYY"
    validations = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    assert set(validations) == {"C2", "E2", "F2"}  # the list, the date and the number; never a locked column
    assert validations["C2"].formula1 == "Lijsten!$A$1:$A$2" and validations["F2"].formula2 == "5"
    assert [row[0] for row in workbook["Toelichting"].iter_rows(values_only=True)] == ["Kolom", *HEADERS]


def test_cells_are_read_as_their_column_type_and_problems_name_the_column():
    data = workbook_of(
        [
            ["1", 5.0, "GROEN", "rood, verde", "2026-03-05", "4", "a; b"],
            ["2", None, "paars", "rood; blauw", "31-02-2026", "veel", None],
            ["3", datetime(2026, 1, 1), None, None, datetime(2026, 1, 2, 9, 30), 1.0, None],
        ]
    )
    one, two, three = read_sheet(data, SPEC)
    assert one.values == {
        "code": "1",
        "name": "5",
        "colour": "green",
        "colours": ("red", "green"),
        "on": date(2026, 3, 5),
        "count": 4,
        "labels": ("a", "b"),
    }
    assert [(p.field, p.code, p.params) for p in two.problems] == [
        ("colour", "tabular.unknown_choice", {"value": "paars", "choices": "rood, groen"}),
        ("colours", "tabular.unknown_choice", {"value": "blauw", "choices": "rood, groen"}),
        ("on", "tabular.not_a_date", {"value": "31-02-2026"}),
        ("count", "tabular.not_an_integer", {"value": "veel"}),
    ]
    assert [(p.field, p.code) for p in three.problems] == [("name", "tabular.text_expected")]
    assert three.values["on"] == date(2026, 1, 2) and three.values["count"] == 1


@pytest.mark.parametrize(
    ("text", "number"), [("1.250.000", 1_250_000), ("€ 75", 75), ("-3", -3), ("12\u00a0000", 12_000)]
)
def test_whole_numbers_as_text(text, number):
    assert Integer().read(text) == number


def test_a_truth_value_is_no_number():
    with pytest.raises(CellProblem):
        Integer().read(True)


def test_formulas_are_refused_with_their_cell_in_every_column():
    data = workbook_of([["1", "=1+1", None, None, None, None, None, '=HYPERLINK("x")']])
    (row,) = read_sheet(data, SPEC)
    assert [(p.code, p.field, p.params, p.row, p.ref) for p in row.problems] == [
        ("tabular.formula", "name", {"cell": "B2"}, 2, "1"),
        ("tabular.formula", "note", {"cell": "H2"}, 2, "1"),
    ]


def test_blank_rows_are_skipped_and_a_repeated_reference_is_named():
    data = workbook_of([["1"], [None, " "], [], ["1", "weer"]])
    rows = read_sheet(data, SPEC)
    assert [row.number for row in rows] == [2, 5]
    assert [(p.code, p.params) for p in rows[1].problems] == [("tabular.duplicate", {"first_row": 2})]


def test_the_header_must_hold_every_column_once_and_nothing_else():
    workbook = Workbook()
    workbook.active.title = "Blad"
    workbook.active.append(["Code", "Naam", "Naam", "Onbekend"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert refusal(buffer.getvalue()) == [
        ("tabular.column_twice", {"column": "Naam"}),
        ("tabular.unknown_column", {"column": "Onbekend"}),
        ("tabular.columns_missing", {"columns": "Kleur, Kleuren, Op, Aantal, Labels, Uitleg"}),
    ]
    assert refusal(export(SheetSpec("Ander", (Column("Code", key="code"),), ref="code"), [])) == [
        ("tabular.sheet_missing", {"sheet": "Blad"})
    ]


def test_a_dimension_that_is_too_small_does_not_hide_rows():
    data = xlsx("Blad", HEADERS, inline_row(["7", "x"]), 3, dimension="A1")
    assert [row.values["name"] for row in read_sheet(data, SPEC)] == ["x", "x", "x"]


@pytest.mark.parametrize("dimension", ["A1:H5", ""])
def test_rows_past_the_limit_are_refused(dimension):
    spec = SheetSpec("Blad", SPEC.columns, ref="code", limits=Limits(rows=3))
    data = xlsx("Blad", HEADERS, inline_row(["1"]), 4, dimension=dimension)
    assert refusal(data, spec) == [("tabular.too_many_rows", {"limit": 3})]


def test_exactly_the_row_limit_is_read():
    spec = SheetSpec("Blad", SPEC.columns, ref="code", limits=Limits(rows=3))
    data = xlsx("Blad", HEADERS, b"".join(inline_row([str(n)]) for n in range(3)), 1)
    assert [row.ref for row in read_sheet(data, spec)] == ["0", "1", "2"]


def test_columns_past_the_limit_are_refused():
    spec = SheetSpec("Blad", SPEC.columns, ref="code", limits=Limits(columns=9))
    far = b'<row r="2"><c r="J2" t="inlineStr"><is><t>x</t></is></c></row>'
    assert refusal(xlsx("Blad", HEADERS, far, 1), spec) == [("tabular.too_many_columns", {"limit": 9})]
    assert refusal(xlsx("Blad", HEADERS, b"", 1, dimension="A1:J1"), spec) == [
        ("tabular.too_many_columns", {"limit": 9})
    ]


def test_a_cell_longer_than_the_limit_is_refused_with_its_cell():
    spec = SheetSpec("Blad", SPEC.columns, ref="code", limits=Limits(cell_length=20))
    long = b'<row r="2"><c r="B2" t="inlineStr"><is><t>' + b"x" * 21 + b"</t></is></c></row>"
    assert refusal(xlsx("Blad", HEADERS, long, 1), spec) == [
        ("tabular.cell_too_long", {"cell": "B2", "limit": 20})
    ]
    shared = xlsx("Blad", HEADERS, b'<row><c t="s"><v>0</v></c></row>', 1, strings=("y" * 21,))
    assert refusal(shared, spec) == [("tabular.text_too_long", {"limit": 20})]


def test_shared_strings_are_read():
    data = xlsx(
        "Blad", HEADERS, b'<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row>', 1, strings=("7", "x")
    )
    assert [(row.ref, row.values["name"]) for row in read_sheet(data, SPEC)] == [("7", "x")]


def test_a_file_that_declares_more_than_the_limit_is_refused_before_reading():
    data = workbook_of([["1", "x" * 5000]])
    spec = SheetSpec("Blad", SPEC.columns, ref="code", limits=Limits(unpacked_bytes=4000))
    assert refusal(data, spec) == [("tabular.unpacked_too_large", {"limit_mb": 0})]


def test_the_bytes_actually_unpacked_are_counted_whoever_reads_them():
    data = workbook_of([["1", "x" * 5000]])
    with LimitedArchive(io.BytesIO(data), Limits()) as archive:
        declared = sum(info.file_size for info in archive.infolist())
    with LimitedArchive(io.BytesIO(data), Limits(unpacked_bytes=declared)) as archive:
        for name in archive.namelist():
            archive.read(name)
        assert archive.unpacked == declared
        with pytest.raises(LimitExceeded):
            archive.read("xl/worksheets/sheet1.xml")  # once more: past what the file may unpack to


def test_broken_sheet_xml_is_no_workbook():
    assert refusal(xlsx("Blad", HEADERS, b"<row><c><v>1</v></row>", 1)) == [("tabular.not_xlsx", {})]


def test_the_changed_cells_of_a_row():
    before = {"code": "1", "name": "oud", "colour": "red", "note": "x"}
    after = {"code": "2", "name": "nieuw", "colour": "red", "note": "y"}
    assert SPEC.changed(before, after) == ("Naam",)  # only editable columns count


def test_a_spec_needs_a_key_per_column_and_a_ref_among_them():
    with pytest.raises(ValueError, match="own key"):
        SheetSpec("Blad", (Column("Code", key="code"), Column("Ook", key="code")), ref="code")
    with pytest.raises(ValueError, match="own key"):
        SheetSpec("Blad", (Column("Code", key="code"),), ref="reference")
