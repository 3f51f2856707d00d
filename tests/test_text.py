"""The Vietnamese text helpers, on every vowel with every tone, both cases, NFC and NFD."""

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsroom.text import date_line, fold, name_case, normalize, parse_date_line, slugify

# The twelve vowels, as (letter, base letter it folds to).
VOWELS = [
    ("a", "a"), ("ă", "a"), ("â", "a"), ("e", "e"), ("ê", "e"), ("i", "i"),
    ("o", "o"), ("ô", "o"), ("ơ", "o"), ("u", "u"), ("ư", "u"), ("y", "y"),
]  # fmt: skip
# No mark, huyền, sắc, hỏi, ngã, nặng.
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
TONE_NAMES = ["ngang", "huyen", "sac", "hoi", "nga", "nang"]

SYLLABLES = [
    pytest.param(unicodedata.normalize("NFC", vowel + tone), base, id=f"{vowel}-{TONE_NAMES[i]}")
    for vowel, base in VOWELS
    for i, tone in enumerate(TONES)
]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_the_table_has_all_72_distinct_letters():
    letters = {letter.values[0] for letter in SYLLABLES}
    assert len(letters) == 72
    assert all(len(letter) == 1 for letter in letters)  # each one precomposed in NFC


@pytest.mark.parametrize(("letter", "base"), SYLLABLES)
@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_fold_strips_every_mark(letter, base, form):
    for text in (letter, letter.upper()):
        assert fold(unicodedata.normalize(form, text)) == base
    word = unicodedata.normalize(form, f"Đ{letter.upper()}NG đ{letter}ng")
    assert fold(word) == f"d{base}ng d{base}ng"


@pytest.mark.parametrize(("letter", "base"), SYLLABLES)
@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_slugify_keeps_d_and_drops_marks(letter, base, form):
    text = unicodedata.normalize(form, f"Đ{letter.upper()}NG ủy – đ{letter}m")
    assert slugify(text) == f"d{base}ng-uy-d{base}m"


@pytest.mark.parametrize(("letter", "base"), SYLLABLES)
def test_normalize_composes_nfd_and_keeps_marks_and_case(letter, base):
    for text in (letter, letter.upper()):
        assert normalize(nfd(text)) == text
        assert normalize(text) == text
    assert normalize(nfd(f"  Tr{letter}\u00a0\u00a0 ng\t")) == f"Tr{letter} ng"


@pytest.mark.parametrize(("letter", "base"), SYLLABLES)
def test_name_case_on_every_letter(letter, base):
    upper = f"H{letter.upper()}NG V{letter.upper()}N"
    assert name_case(upper) == f"H{letter}ng V{letter}n"
    assert name_case(nfd(upper)) == f"H{letter}ng V{letter}n"
    # A syllable that starts with the vowel: the vowel itself is capitalized.
    assert name_case(f"{letter}nh") == f"{letter.upper()}nh"


@pytest.mark.parametrize("tone", TONES[1:], ids=TONE_NAMES[1:])
@pytest.mark.parametrize(("old", "new"), [("uy", "u{}y"), ("oa", "o{}a"), ("oe", "o{}e")])
def test_normalize_moves_the_tone_of_open_syllables(tone, old, new):
    old_style = unicodedata.normalize("NFC", f"th{old}{tone}")
    new_style = unicodedata.normalize("NFC", f"th{new.format(tone)}")
    assert old_style != new_style
    assert normalize(old_style) == new_style
    assert normalize(nfd(old_style)) == new_style
    assert normalize(old_style.upper()) == new_style.upper()
    assert normalize(new_style) == new_style  # already in the paper's placement


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tỉnh uỷ", "Tỉnh ủy"),
        ("TỈNH UỶ", "TỈNH ỦY"),
        ("Đảng uỷ Khối", "Đảng ủy Khối"),
        ("hoà bình", "hòa bình"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("Thuý", "Thúy"),
        ("quý", "quý"),  # "qu" is a consonant: the mark stays on y
        ("QUỶ", "QUỶ"),
        ("Hoàng", "Hoàng"),  # closed syllables are left alone
        ("thuyền", "thuyền"),
        ("Huỳnh", "Huỳnh"),
        ("hoà.", "hòa."),
    ],
)
def test_normalize_tone_placement_examples(text, expected):
    assert normalize(text) == expected
    assert normalize(nfd(text)) == expected


def test_old_and_new_tone_placement_fold_and_slug_alike():
    assert fold("Tỉnh uỷ") == fold("Tỉnh ủy") == "tinh uy"
    assert slugify("Tỉnh uỷ Lạng Sơn") == slugify("Tỉnh ủy Lạng Sơn") == "tinh-uy-lang-son"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đảng ủy Khối các cơ quan tỉnh", "dang-uy-khoi-cac-co-quan-tinh"),
        ("HĐND tỉnh", "hdnd-tinh"),
        ("Đồng Đăng", "dong-dang"),
        ("Quốc phòng – An ninh", "quoc-phong-an-ninh"),
        ("Sở GD&ĐT", "so-gd-dt"),
        ("  ---  ", ""),
    ],
)
def test_slugify_examples(text, expected):
    assert slugify(text) == expected


def test_slugify_cuts_at_a_word_boundary():
    assert slugify("Đảng ủy Khối các cơ quan tỉnh", max_length=12) == "dang-uy-khoi"
    assert slugify("abcdefghijkl", max_length=5) == "abcde"


def test_fold_treats_tone_only_differences_as_equal_but_normalize_does_not():
    assert fold("Hoàng Văn Nghiệm") == fold("Hoàng Văn Nghiêm") == "hoang van nghiem"
    assert normalize("Hoàng Văn Nghiệm") != normalize("Hoàng Văn Nghiêm")


def test_empty_inputs():
    assert fold("") == normalize("") == slugify("") == name_case("") == ""


@given(st.text())
def test_slugify_is_always_an_ascii_slug(text):
    slug = slugify(text, max_length=40)
    assert re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*)?", slug)
    assert len(slug) <= 40


@given(st.text())
def test_fold_and_normalize_are_idempotent(text):
    assert fold(fold(text)) == fold(text)
    assert normalize(normalize(text)) == normalize(text)
    assert fold(normalize(text)) == fold(text)


# 1 March 2021 was a Monday.
WEEK = [
    (date(2021, 3, 1), "Thứ hai, 01/03/2021"),
    (date(2021, 3, 2), "Thứ ba, 02/03/2021"),
    (date(2021, 3, 3), "Thứ tư, 03/03/2021"),
    (date(2021, 3, 4), "Thứ năm, 04/03/2021"),
    (date(2021, 3, 5), "Thứ sáu, 05/03/2021"),
    (date(2021, 3, 6), "Thứ bảy, 06/03/2021"),
    (date(2021, 3, 7), "Chủ nhật, 07/03/2021"),
]


@pytest.mark.parametrize(("day", "line"), WEEK)
def test_date_line_for_every_weekday(day, line):
    assert date_line(day) == line
    assert parse_date_line(line) == day


def test_date_line_of_an_aware_datetime_uses_the_newsroom_time_zone():
    # 20:30 UTC on Monday 1 March is 03:30 on Tuesday 2 March in Hà Nội (UTC+7).
    moment = datetime(2021, 3, 1, 20, 30, tzinfo=UTC)
    assert date_line(moment) == "Thứ ba, 02/03/2021"
    assert date_line(moment, with_time=True) == "Thứ ba, 02/03/2021 03:30"


def test_date_line_of_a_naive_datetime_is_taken_as_is():
    assert date_line(datetime(2021, 3, 1, 20, 30), with_time=True) == "Thứ hai, 01/03/2021 20:30"


@pytest.mark.parametrize(
    "line",
    [
        "Thứ ba,  02/03/2021",  # two spaces, as the seed prints it
        "Thứ ba,\u00a002/03/2021",  # no-break space
        "Thứ\u00a0ba ,\u202f02/03/2021",  # no-break and narrow no-break spaces
        "  thứ BA,2/3/2021  ",
        "THỨ BA, 02 / 03 / 2021",
        "Thứ 3, 02-03-2021",
        "Thứ ba 02.03.2021",
        "Thứ ba,\t02/03/2021\n",
    ],
)
def test_parse_date_line_with_odd_spacing(line):
    assert parse_date_line(line) == date(2021, 3, 2)
    assert parse_date_line(nfd(line)) == date(2021, 3, 2)


def test_parse_date_line_sunday():
    assert parse_date_line("Chủ  nhật, 7/3/2021") == date(2021, 3, 7)
    assert parse_date_line(nfd("CHỦ NHẬT, 07/03/2021")) == date(2021, 3, 7)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "Kiểm tra công tác chuẩn bị đại hội",
        "Thứ tám, 02/03/2021",
        "02/03/2021",
        "Thứ ba, 02/03/21",
        "Thứ ba, 02/03/2021 và một dòng chữ",
    ],
)
def test_parse_date_line_ignores_other_lines(line):
    assert parse_date_line(line) is None


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("Thứ tư, 31/02/2021", "31/02/2021"),
        ("Thứ hai, 29/02/2021", "29/02/2021"),  # 2021 is not a leap year
        ("Thứ hai, 00/01/2021", "00/01/2021"),
        ("Thứ hai, 01/13/2021", "01/13/2021"),
        ("Thứ hai, 31/04/2021", "31/04/2021"),
    ],
)
def test_parse_date_line_rejects_impossible_dates_in_vietnamese(line, shown):
    with pytest.raises(ValueError, match=f"Ngày không tồn tại: {shown}"):
        parse_date_line(line)


def test_parse_date_line_accepts_a_leap_day():
    assert parse_date_line("Thứ năm, 29/02/2024") == date(2024, 2, 29)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_date_line_round_trips(day):
    line = date_line(day)
    assert parse_date_line(line) == day
    assert parse_date_line(line.replace(" ", "\u00a0  ")) == day
    assert line.startswith(date_line(day + timedelta(days=7)).split(",")[0])
