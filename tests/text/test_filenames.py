"""File names from hostile profile names: inside the folder, visible as typed, unique."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from xlincome.text.filenames import MAX_STEM_BYTES, SUFFIX, UniqueNames, safe_stem

INVISIBLE = ("\u202e", "\u202d", "\u2066", "\u200b", "\u200d", "\u200e", "\ufeff", "\u2028", "\u2029", "\u00ad")


def test_a_right_to_left_override_cannot_disguise_the_extension():
    assert safe_stem("Ana\u202excod.exe") == "Anaxcod.exe"
    assert UniqueNames().take("Ana\u202excod.exe") == "Anaxcod.exe.xlsx"


def test_zero_width_characters_and_line_separators_are_left_out():
    assert safe_stem("A\u200dn\u200ba\u2028Ruiz\u2029") == "AnaRuiz"
    assert safe_stem("\u200b\u2028") == "profile"


def test_names_that_differ_only_by_invisible_characters_get_numbered_files():
    names = UniqueNames()
    assert [names.take(name) for name in ("Ana", "A\u200bna", "Ana\u202e")] == ["Ana.xlsx", "Ana-2.xlsx", "Ana-3.xlsx"]


@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from(INVISIBLE + ("/", "\\", ".", " ", "\x1b"))),
               max_size=300))
def test_every_stem_is_one_visible_file_name_within_the_byte_limit(name):
    stem = safe_stem(name)
    assert stem and len(stem.encode("utf-8")) <= MAX_STEM_BYTES
    assert not {unicodedata.category(c) for c in stem} & {"Cc", "Cf", "Cs", "Zl", "Zp"}
    assert "/" not in stem and "\\" not in stem and ".." not in stem and not stem.startswith(".")
    assert UniqueNames().take(name).endswith(SUFFIX)


def test_c1_controls_and_lone_surrogates_become_underscores():
    assert safe_stem("a\x85b\x9bc") == "a_b_c"
    assert safe_stem("Ana\ud800") == "Ana_"  # a JSON file may hold "\ud800"; no file system can
