"""Fuzz: whatever bytes a profile file holds, reading it gives a table or the package's error.

Mutated real files (bytes flipped, cut, spliced) and random text built from the characters
that matter to a reader (separators, quotes, line ends, digits, marks, BOMs) go through
:func:`xlincome.profiles.read_profile_file` and then :func:`xlincome.batch.validate`: any
exception other than :class:`xlincome.errors.InputError` is a bug.
"""

from __future__ import annotations

import codecs
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlincome import batch
from xlincome.errors import InputError
from xlincome.profiles import read_profile_file

CLEAN = ("name,business_costs,personal_costs,tax_rate,margin,hourly_rate,hours_per_week,build_hours,price,"
         "units_per_month\r\nJosé Müller,1500,3600,25%,0.10,$125,30,120,99,30\r\n"
         '"Ruiz, Ana",900,"2,000.50",0.2,0,90,25,80,49,20\r\n').encode()
SEEDS = [CLEAN, CLEAN.decode().replace(",", ";").encode("cp1252"), codecs.BOM_UTF8 + CLEAN,
         CLEAN.decode().replace(",", "\t").encode("utf-16"),
         json.dumps([{"name": "Ana", "business_costs": 1500, "price": 99}]).encode()]
PIECES = [",", ";", "\t", '"', "\r", "\n", "\r\n", "0", "1", "9", ".", ",5", "%", "€", "$", "-", "e", " ",
          "name", "price", "business_costs", "Hourly Rate", "\x00", "\x1b", "\ufeff", "é", "1e999", "[", "{"]


@st.composite
def mutated(draw):
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "cut", "insert", "splice"]))
        if action == "flip" and position < len(data):
            data[position] ^= draw(st.integers(1, 255))
        elif action == "cut":
            del data[position:position + draw(st.integers(1, 40))]
        elif action == "insert":
            data[position:position] = draw(st.sampled_from(PIECES)).encode()
        else:
            other = draw(st.sampled_from(SEEDS))
            start = draw(st.integers(0, len(other)))
            data[position:position] = other[start:start + draw(st.integers(1, 60))]
    return bytes(data)


texts = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)


def read_and_check(path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        frame = read_profile_file(path).frame
    except InputError:
        return
    try:
        batch.validate(frame)
    except InputError:
        pass


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mutated(), suffix=st.sampled_from([".csv", ".json", ".txt"]))
def test_a_mutated_profile_file_is_read_or_refused_with_the_package_error(tmp_path, data, suffix):
    read_and_check(tmp_path / f"profiles{suffix}", data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=texts, body=texts, encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_random_text_is_read_or_refused_with_the_package_error(tmp_path, header, body, encoding):
    text = "name,price,business_costs," + header + "\n" + body
    read_and_check(tmp_path / "profiles.csv", text.encode(encoding, errors="replace"))
