"""Damaged workbooks: ``check`` refuses every mutant of a real workbook cleanly.

Bytes of real workbooks (the shipped templates, a generated income plan, and
that plan re-zipped with LZMA, bzip2 and no compression) are flipped,
truncated and spliced; zip header fields are set to what damaged or
hostile archives hold (entries flagged encrypted, compression methods Python
cannot read, names marked UTF-8 that are not, sizes and offsets out of
range); and XML parts are broken inside a valid zip.  Every mutant is
checked in this process; the only exception allowed out is the package's
:class:`UnreadableWorkbook` (a mutant may also still be a readable
workbook).  Seeded, so a failure names a mutant that can be made again.
"""

import io
import random
import struct
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from generate_fixtures import ANA

from xlincome.workbooks.check import CheckReport, check_workbook
from xlincome.cli import main
from xlincome.workbooks.generate import generate
from xlincome.workbooks.choice import load_template
from xlincome.workbooks.templates import RESULT_NAMES, TEMPLATES
from xlincome.files.xlsx_parts import UnreadableWorkbook

BYTE_MUTANTS_PER_KIND = 400  # x 4 kinds
XML_MUTANTS = 500
#: Bytes spliced into XML parts: markup fragments, entities, bad encodings, odd cell values and references.
XML_TOKENS = [b"<", b">", b"&", b"&amp;", b'"', b"\xff", b"\x00", b"<![CDATA[", b"&a;", b"</",
              b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b'<v>x</v>', b'<v>1e999</v>', b'<v>-1</v>',
              b'<v>99999999999999999999</v>', b't="s"', b't="b"', b't="e"', b't="inlineStr"', b'r="A1"',
              b'r="ZZZZ9999999"', b"!$A$1:$XFD$1048576", b"'", b'xmlns="x"', b"\xc3"]


def rezipped(data: bytes, method: int) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name in source.namelist():
            archive.writestr(name, source.read(name))
    return buffer.getvalue()


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    """Real workbooks, as bytes: the shipped templates, a generated plan and its re-zipped twins."""
    folder = tmp_path_factory.mktemp("generated")
    generate(pd.DataFrame([ANA], index=pd.Index([2], name="row")), load_template("income_plan", "native"), folder)
    plan = (folder / "Ana Ruiz.xlsx").read_bytes()
    shipped = [(Path("workbook_templates") / f"{name}.xlsx").read_bytes() for name in sorted(TEMPLATES)]
    assert len(shipped) == len(TEMPLATES)
    return shipped + [plan] + [rezipped(plan, method)
                               for method in (zipfile.ZIP_LZMA, zipfile.ZIP_BZIP2, zipfile.ZIP_STORED)]


# -- mutations ------------------------------------------------------------------------------

def flip(data: bytes, rng: random.Random, books: list[bytes]) -> bytes:
    mutant = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        mutant[rng.randrange(len(mutant))] ^= rng.randint(1, 255)
    return bytes(mutant)


def truncate(data: bytes, rng: random.Random, books: list[bytes]) -> bytes:
    return data[:rng.randrange(len(data))]


def splice(data: bytes, rng: random.Random, books: list[bytes]) -> bytes:
    """A piece of some workbook inserted into this one, or written over part of it."""
    other = rng.choice(books)
    start = rng.randrange(len(other))
    piece = other[start:start + rng.randint(1, 2000)]
    at = rng.randrange(len(data))
    return data[:at] + piece + data[at + (len(piece) if rng.random() < 0.5 else 0):]


def central_records(data: bytes) -> list[int]:
    """Offsets of the zip's central directory records."""
    found, at = [], data.find(b"PK\x01\x02")
    while 0 <= at < len(data) - 46:
        found.append(at)
        at = data.find(b"PK\x01\x02", at + 4)
    return found


def header(data: bytes, rng: random.Random, books: list[bytes]) -> bytes:
    """One field of one entry's central directory record (and its local header) set to a hostile value."""
    mutant = bytearray(data)
    record = rng.choice(central_records(data))
    local = struct.unpack_from("<I", mutant, record + 42)[0]
    has_local = mutant[local:local + 4] == b"PK\x03\x04"
    field = rng.choice(["encrypted", "method", "name", "size", "offset"])
    if field == "encrypted":
        mutant[record + 8] |= 1
        if has_local:
            mutant[local + 6] |= 1
    elif field == "method":
        method = rng.choice([99, 12, 14, 9, 1, 6, 0, rng.randrange(65536)])
        struct.pack_into("<H", mutant, record + 10, method)
        if has_local:
            struct.pack_into("<H", mutant, local + 8, method)
    elif field == "name":  # flagged UTF-8 (bit 11), first byte not valid UTF-8
        mutant[record + 9] |= 0x08
        mutant[record + 46] = rng.choice([0xFF, 0xC3, 0x80, 0xFE])
    elif field == "size":
        struct.pack_into("<I", mutant, record + rng.choice([20, 24]),
                         rng.choice([0, 1, 0xFFFFFFFF, rng.randrange(2 ** 32)]))
    else:
        struct.pack_into("<I", mutant, record + 42, rng.randrange(len(mutant)))
    return bytes(mutant)


def broken_xml(data: bytes, rng: random.Random) -> bytes:
    """A valid zip whose one XML part has bytes flipped, cut, inserted or repeated."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    victim = rng.choice([name for name in names if name.endswith((".xml", ".rels"))])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            part = bytearray(source.read(name))
            if name == victim:
                for _ in range(rng.randint(1, 3)):
                    at, choice = rng.randrange(len(part) + 1), rng.random()
                    if choice < 0.3 and part:
                        part[min(at, len(part) - 1)] ^= rng.randint(1, 255)
                    elif choice < 0.5:
                        del part[at:]
                    elif choice < 0.8:
                        part[at:at] = rng.choice(XML_TOKENS)
                    else:
                        start = rng.randrange(len(part) + 1)
                        part[at:at] = part[start:start + rng.randint(1, 300)]
            archive.writestr(name, bytes(part))
    return buffer.getvalue()


def outcome(path: Path, data: bytes) -> str:
    """``checked`` or ``refused``; anything else raised propagates with the mutant's identity."""
    path.write_bytes(data)
    try:
        report = check_workbook(path, RESULT_NAMES)
    except UnreadableWorkbook as error:
        assert str(error)
        return "refused"
    assert isinstance(report, CheckReport)
    return "checked"


@pytest.mark.parametrize("mutate", [flip, truncate, splice, header], ids=lambda mutate: mutate.__name__)
def test_byte_mutants_are_refused_as_unreadable_or_checked(mutate, workbooks, tmp_path):
    rng = random.Random(f"check-fuzz-{mutate.__name__}")
    path = tmp_path / "mutant.xlsx"
    seen = {"checked": 0, "refused": 0}
    for number in range(BYTE_MUTANTS_PER_KIND):
        book = rng.randrange(len(workbooks))
        mutant = mutate(workbooks[book], rng, workbooks)
        try:
            seen[outcome(path, mutant)] += 1
        except Exception as error:
            raise AssertionError(f"{mutate.__name__} mutant {number} of workbook {book} raised "
                                 f"{type(error).__name__}: {error}") from error
    assert seen["refused"] >= BYTE_MUTANTS_PER_KIND // 2  # the mutations do damage
    if mutate is truncate:
        assert seen["checked"] == 0  # a zip cut short has lost its central directory


def test_workbooks_with_a_broken_xml_part_are_refused_as_unreadable_or_checked(workbooks, tmp_path):
    rng = random.Random("check-fuzz-xml")
    path = tmp_path / "mutant.xlsx"
    seen = {"checked": 0, "refused": 0}
    for number in range(XML_MUTANTS):
        book = rng.randrange(len(workbooks))
        try:
            seen[outcome(path, broken_xml(workbooks[book], rng))] += 1
        except Exception as error:
            raise AssertionError(f"xml mutant {number} of workbook {book} raised "
                                 f"{type(error).__name__}: {error}") from error
    assert seen["refused"] >= XML_MUTANTS // 4 and seen["checked"] >= XML_MUTANTS // 10


# -- the damage the attack campaign found, through the command line --------------------------

def with_entry_field(data: bytes, offsets: tuple[int, int], value: int, size: str = "<H") -> bytes:
    """``data`` with one field of its first entry (central record offset, local header offset) set."""
    mutant = bytearray(data)
    record = mutant.find(b"PK\x01\x02")
    local = struct.unpack_from("<I", mutant, record + 42)[0]
    struct.pack_into(size, mutant, record + offsets[0], value)
    struct.pack_into(size, mutant, local + offsets[1], value)
    return bytes(mutant)


def encrypted(plan: bytes) -> bytes:
    flags = struct.unpack_from("<H", plan, plan.find(b"PK\x01\x02") + 8)[0]
    return with_entry_field(plan, (8, 6), flags | 1)


def corrupt_lzma(plan: bytes) -> bytes:
    data = bytearray(rezipped(plan, zipfile.ZIP_LZMA))
    local = data.find(b"PK\x03\x04")
    body = local + 30 + struct.unpack_from("<H", data, local + 26)[0] + struct.unpack_from("<H", data, local + 28)[0]
    data[body + 9:body + 40] = bytes(31)  # past the 9-byte LZMA properties header
    return bytes(data)


def non_utf8_name(plan: bytes) -> bytes:
    data = bytearray(plan)
    record = data.find(b"PK\x01\x02")
    data[record + 9] |= 0x08
    data[record + 46] = 0xFF
    return bytes(data)


DAMAGE = {
    "entry flagged encrypted": (encrypted, "encrypted zip entries"),
    "compression method 99 (AES)": (lambda plan: with_entry_field(plan, (10, 8), 99), "compression method"),
    "compression method 9 (deflate64)": (lambda plan: with_entry_field(plan, (10, 8), 9), "compression method"),
    "corrupt LZMA entry": (corrupt_lzma, "damaged"),
    "entry name not UTF-8": (non_utf8_name, "marked as UTF-8 but is not"),
    "password-protected (OLE compound file)": (lambda plan: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
                                               "password-protected"),
    "truncated": (lambda plan: plan[:len(plan) // 2], "truncated or damaged"),
    "spliced into itself": (lambda plan: plan[:2000] + plan[1000:], "damaged"),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_check_of_a_damaged_workbook_exits_2_with_one_clear_line(damage, workbooks, tmp_path):
    make, words = DAMAGE[damage]
    path = tmp_path / "plan.xlsx"
    path.write_bytes(make(workbooks[5]))
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    error_lines = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(error_lines) == 1 and words in error_lines[0] and "plan.xlsx" in error_lines[0], result.output
