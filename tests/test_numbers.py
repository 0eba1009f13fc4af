"""The number parser: Russian separators, scale words, numerals in words, ranges, signs."""
from decimal import Decimal

import pytest

from newsfacts.numbers import parse_digits, scale_of, scan_numbers, tokenize

# text | the number's span | value | value_max
NUMBERS = """
17,62 млрд                  | 17,62 млрд              | 17620000000 |
1 250,5                     | 1 250,5                 | 1250.5      |
1\u00a0250,5                | 1\u00a0250,5            | 1250.5      |
1\u2009250\u2009000         | 1\u2009250\u2009000     | 1250000     |
1.844.036.360,12            | 1.844.036.360,12        | 1844036360.12 |
1,5                         | 1,5                     | 1.5         |
11.29                       | 11.29                   | 11.29       |
25 тыс. руб.                | 25 тыс.                 | 25000       |
41 млрд                     | 41 млрд                 | 41000000000 |
3 трлн                      | 3 трлн                  | 3000000000000 |
2,5 миллиона                | 2,5 миллиона            | 2500000     |
десять тысяч                | десять тысяч            | 10000       |
двое                        | двое                    | 2           |
полтора миллиона            | полтора миллиона        | 1500000     |
пятьсот                     | пятьсот                 | 500         |
двадцать пять               | двадцать пять           | 25          |
сто сорок две тысячи        | сто сорок две тысячи    | 142000      |
Две тысячи масок            | Две тысячи              | 2000        |
тысяча гостей               | тысяча                  | 1000        |
210-250 миллионов           | 210-250 миллионов       | 210000000   | 250000000
от 5 до 7 млрд              | 5 до 7 млрд             | 5000000000  | 7000000000
от 30 тыс. до 50 тыс. руб.  | 30 тыс. до 50 тыс.      | 30000       | 50000
16 тысяч 217 кредитов       | 16 тысяч 217            | 16217       |
шесть-семь тетрадей         | шесть-семь              | 6           | 7
с сотней патронов           | сотней                  | 100         |
вырос вдвое                 | вдвое                   | 2           |
"""


def rows(table):
    for line in table.strip().splitlines():
        yield [cell.strip() for cell in line.split("|")]


@pytest.mark.parametrize("text,span,value,value_max", list(rows(NUMBERS)))
def test_number(text, span, value, value_max):
    nums = scan_numbers(tokenize(text), text)
    assert len(nums) == 1
    num = nums[0]
    assert text[num.start:num.stop] == span
    assert num.value == Decimal(value)
    assert num.value_max == (Decimal(value_max) if value_max else None)


def test_sign_is_kept_apart_from_value():
    text = "выросли на +32%, упали -3,2%"
    nums = scan_numbers(tokenize(text), text)
    assert [(n.value, n.sign) for n in nums] == [(Decimal(32), "+"), (Decimal("3.2"), "-")]


def test_dash_between_numbers_is_not_a_sign():
    text = "210-250"
    (num,) = scan_numbers(tokenize(text), text)
    assert num.sign is None and num.value_max == 250


def test_scale_carries_back_over_do():
    # "с 10,63 до 11,29 млрд": two numbers, the scale applies to both
    text = "выросла с 10,63 до 11,29 млрд"
    nums = scan_numbers(tokenize(text), text)
    assert [n.value for n in nums] == [Decimal("10630000000"), Decimal("11290000000")]
    assert all(n.value_max is None for n in nums)


@pytest.mark.parametrize("text", ["тысячи человек", "миллионы долларов", "одни из"])
def test_vague_amounts_are_not_numbers(text):
    assert scan_numbers(tokenize(text), text) == []


def test_phone_like_run_is_not_a_range():
    text = "555-35-35"
    assert all(n.value_max is None for n in scan_numbers(tokenize(text), text))


@pytest.mark.parametrize("written,value", [("1 000 000", "1000000"), ("3,04", "3.04"), ("1,500,000", "1500000"),
                                           ("12.345,6", "12345.6")])
def test_parse_digits(written, value):
    assert parse_digits(written) == Decimal(value)


def test_offsets_index_the_text():
    text = "Сумма: 1 250,5 млн рублей"
    (num,) = scan_numbers(tokenize(text, 100), "x" * 100 + text)
    assert num.start == 107 and ("x" * 100 + text)[num.start:num.stop] == "1 250,5 млн"


def test_digit_runs_longer_than_any_amount_are_identifiers():
    import pytest
    from newsfacts.numbers import parse_digits

    with pytest.raises(ValueError, match="identifier"):
        parse_digits("1" * 40)
    assert parse_digits("999 999 999 999 999".replace(" ", "")) == 999999999999999


def test_scale_of_a_range_in_words_applies_to_both_ends():
    # the scale word is read back without the rest of the sentence after it
    text = "от пяти до семи тысяч; от двух до трёх миллионов, " * 3
    nums = scan_numbers(tokenize(text), text)
    assert [(n.value, n.value_max) for n in nums] == [(Decimal(5000), Decimal(7000)),
                                                        (Decimal(2000000), Decimal(3000000))] * 3


def test_tidy_keeps_values_longer_than_the_decimal_context():
    from newsfacts.numbers import tidy

    huge = Decimal("7" * 40)
    assert tidy(huge) == huge
    assert tidy(Decimal("1500000.0")) == Decimal(1500000) and str(tidy(Decimal("17.620"))) == "17.62"


@pytest.mark.parametrize("word, value", [
    ("миллионами", 10 ** 6), ("тысячей", 1000), ("Миллиардах", 10 ** 9), ("триллиону", 10 ** 12), ("тыщи", 1000),
    ("млн", 10 ** 6),
])
def test_scale_words_in_any_case(word, value):
    assert scale_of(tokenize(word)[0]) == value


@pytest.mark.parametrize("word", ["тысячный", "миллионер", "миллиардерша", "тысячелетие", "Миллионная"])
def test_words_that_only_look_like_scales(word):
    assert scale_of(tokenize(word)[0]) is None


@pytest.mark.parametrize("text,value,value_max", [("минус 3 млрд", "3000000000", None),
                                                  ("минус 10-14 градусов", "10", "14"), ("−3%", "3", None)])
def test_minus_is_a_sign(text, value, value_max):
    (num,) = scan_numbers(tokenize(text), text)
    assert num.sign == "-" and num.value == Decimal(value)
    assert num.value_max == (Decimal(value_max) if value_max else None)


def test_multiples_are_marked():
    text = "почти вдвое больше"
    (num,) = scan_numbers(tokenize(text), text)
    assert num.multiple and num.value == 2


@pytest.mark.parametrize("text", ["16 тысяч 2015 года", "5 тыс. 217", "сотни людей"])
def test_no_thousands_tail_or_vague_hundreds(text):
    assert all(n.value in (16000, 5000, 2015, 217) for n in scan_numbers(tokenize(text), text))
