"""Numbers in Russian news text: digits with Russian separators, numerals in words,
scale words, ranges and signs, as exact Decimals.

    "17,62 млрд"         -> 17620000000
    "1 250,5"            -> 1250.5   (plain, no-break or thin spaces between groups)
    "1.844.036.360,12"   -> 1844036360.12
    "полтора миллиона"   -> 1500000
    "двадцать пять"      -> 25
    "210-250 миллионов"  -> 210000000..250000000 (the scale applies to both ends)
    "от 5 до 7 млрд"     -> 5000000000..7000000000
    "+32%"               -> 32, sign "+"
    "минус 3 млрд"       -> 3000000000, sign "-"
    "16 тысяч 217"       -> 16217
    "шесть-семь"         -> 6..7
    "вдвое"              -> 2, a multiple ("вырос вдвое")

The module knows nothing of units: `figures` reads what stands around each `Num`.
Text is cut into light tokens of its own (digits, words, single signs), so that
"1 250,5" and "+32" are seen as written; offsets index the original text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import Optional

from . import morph
from .lexicons import load_table

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:[-‐'’][^\W\d_]+)*|\S")
_GROUP_SPACES = " \u00a0\u2009\u202f"
_DASHES = "-‐–—−"
_RANK = {"unit": 0, "half": 0, "teen": 1, "tens": 2, "hundreds": 3}


@dataclass(slots=True)
class Tok:
    start: int
    stop: int
    text: str
    low: str

    @property
    def is_digit(self) -> bool:
        return self.text[0].isdigit()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()


@dataclass(slots=True)
class Num:
    """A number found in text: tokens first..last (inclusive, scale word included)."""
    first: int
    last: int
    start: int
    stop: int
    value: Decimal
    value_max: Optional[Decimal] = None
    scaled: bool = False          # a scale word ("млн") was applied
    words: bool = False           # written in words ("двое", "полтора миллиона")
    collective: bool = False      # "двое", "трое": people when no noun follows
    multiple: bool = False        # "вдвое", "втрое": a number of times
    sign: Optional[str] = None    # "+" or "-" written right before the digits


def tokenize(text: str, offset: int = 0) -> list[Tok]:
    """Digits, words and single signs of `text`; offsets shifted by `offset`."""
    return [Tok(offset + m.start(), offset + m.end(), m.group(), m.group().lower())
            for m in _TOKEN.finditer(text)]


# ---------------------------------------------------------------- lexicons

@cache
def number_words() -> dict[str, tuple[Decimal, str]]:
    return {row[0]: (Decimal(row[1]), row[2]) for row in load_table("number_words")}


@cache
def numeral_forms() -> frozenset[str]:
    """Every inflected form of the numerals in the lexicon ("двух", "полутора", "нуля")."""
    return morph.forms_of(number_words())


@cache
def scale_words() -> dict[str, Decimal]:
    return {row[0]: Decimal(row[1]) for row in load_table("scales")}


@lru_cache(maxsize=morph.WORD_CACHE)
def word_lemmas(word: str) -> frozenset[str]:
    """The lower-case form and every pymorphy lemma of a word."""
    low = word.lower().replace("ё", "е")
    return frozenset({low} | {p.normal_form.replace("ё", "е") for p in morph.parse(low)})


@cache
def scale_forms() -> frozenset[str]:
    """Every inflected form of the scale words ("тысячами", "миллионов"), ё folded."""
    return morph.forms_of(scale_words())


def _lexicon_entry(tok: Tok, table: dict, forms: frozenset[str]) -> tuple[bool, object]:
    """(settled, entry) of a word in a lexicon: its entry as written, or settled with
    none when no form of it is there (most words: no need to ask pymorphy); else
    unsettled, for pymorphy's lemmas to decide."""
    if not tok.is_word:
        return True, None
    if tok.low in table:
        return True, table[tok.low]
    if tok.low.replace("ё", "е") not in forms:
        return True, None
    return False, None


def scale_of(tok: Tok) -> Optional[Decimal]:
    scales = scale_words()
    settled, entry = _lexicon_entry(tok, scales, scale_forms())
    if settled:
        return entry
    for lemma in word_lemmas(tok.text):
        if lemma in scales and any(p.tag.POS == "NOUN" for p in morph.parse(tok.low)):
            return scales[lemma]
    return None


_DIGIT = re.compile(r"\d")
_CYRILLIC_WORD = re.compile(r"[а-яё]+")


def may_hold_number(text: str) -> bool:
    """Whether a text has a digit or a word that may be a numeral or a scale word: most
    sentences without either hold no number, and need no tokens read."""
    if _DIGIT.search(text):
        return True
    forms = number_word_forms()
    return any(word in forms for word in _CYRILLIC_WORD.findall(text.lower().replace("ё", "е")))


@cache
def number_word_forms() -> frozenset[str]:
    return numeral_forms() | scale_forms() | frozenset(number_words()) | frozenset(scale_words())


def numeral_of(tok: Tok) -> Optional[tuple[Decimal, str]]:
    """(value, kind) of a numeral word, None for other words."""
    table = number_words()
    settled, entry = _lexicon_entry(tok, table, numeral_forms())
    if settled:
        return entry
    for p in morph.parse(tok.low):
        lemma = p.normal_form.replace("ё", "е")
        if lemma not in table:
            continue
        if p.tag.POS == "NUMR" or (lemma == "один" and "Anum" in p.tag and "plur" not in p.tag):
            return table[lemma]
    return None


# ---------------------------------------------------------------- digits

# more whole digits than any amount in the news has: a code or an identifier
MAX_DIGITS = 15


def parse_digits(text: str) -> Decimal:
    """The value of digits written the Russian way: "17,62", "1 250,5", "1.844.036.360,12"."""
    s = "".join(ch for ch in text if ch not in _GROUP_SPACES)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?", s):
        s = s.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?", s):
        s = s.replace(",", "")
    elif "," in s and "." in s:
        # the separator written last is the decimal one
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    else:
        s = s.replace(",", ".")
    if len(s.split(".")[0]) > MAX_DIGITS:
        raise ValueError(f"an identifier, not an amount: {text[:40]!r}")
    try:
        return Decimal(s)
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None


def _gap(text: str, a: Tok, b: Tok) -> str:
    return text[a.stop:b.start]


def _digits_end(toks: list[Tok], i: int, text: str) -> int:
    """Index of the last token of a digit group run starting at i ("1 250 000,5")."""
    j = i
    if not re.fullmatch(r"\d{1,3}", toks[i].text):
        return i
    while j + 1 < len(toks):
        gap = _gap(text, toks[j], toks[j + 1])
        if len(gap) == 1 and gap in _GROUP_SPACES and re.fullmatch(r"\d{3}(?:,\d+)?", toks[j + 1].text):
            j += 1
            if "," in toks[j].text:
                break
        else:
            break
    return j


# ---------------------------------------------------------------- words

def _words_number(toks: list[Tok], i: int, end: Optional[int] = None) -> Optional[tuple[int, Decimal, bool]]:
    """(last index, value, kind) of a numeral in words starting at i and ending before `end`;
    kind is "collective" ("двое"), "multiple" ("вдвое") or "" for the others."""
    total, current, rank, j, last = Decimal(0), Decimal(0), 99, i, None
    end = len(toks) if end is None else min(end, len(toks))
    while j < end:
        tok = toks[j]
        numeral = numeral_of(tok)
        if numeral is not None:
            value, kind = numeral
            if kind in ("collective", "multiple"):
                if j == i:
                    return j, value, kind
                break
            if _RANK[kind] >= rank:
                break
            current += value
            rank = -1 if kind in ("teen", "unit", "half") else _RANK[kind]
            last = j
        else:
            scale = scale_of(tok)
            if scale is None:
                break
            if current == 0:
                if total or not (_singular(tok) or (j == i and _after_genitive_word(toks, i))):
                    break   # "тысячи человек" is a vague amount, not 1000
                current = Decimal(1)
            total += current * scale
            current, rank, last = Decimal(0), 99, j
        j += 1
    if last is None:
        return None
    return last, total + current, ""


# words that put the number after them in the genitive: "около тысячи" is one thousand
_GENITIVE_GOVERNORS = {"около", "более", "больше", "свыше", "менее", "меньше", "порядка", "почти", "до",
                       "примерно", "приблизительно"}


def _after_genitive_word(toks: list[Tok], i: int) -> bool:
    if i == 0 or toks[i - 1].low not in _GENITIVE_GOVERNORS:
        return False
    return any("gent" in p.tag and "sing" in p.tag for p in morph.parse(toks[i].low))


def _singular(tok: Tok) -> bool:
    # "тысяча", "миллиона" name one thousand, one million; "тысячи" may be plural
    parses = morph.parse(tok.low)
    return bool(parses) and not any("plur" in p.tag for p in parses)


def tidy(value: Decimal) -> Decimal:
    """A scaled value without trailing zeros: 1500000.0 -> 1500000, 17.620 -> 17.62.

    A value with more digits than the decimal context holds comes back unchanged."""
    try:
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
        return value.normalize()
    except InvalidOperation:
        return value


# ---------------------------------------------------------------- scanning

def _scale_after(toks: list[Tok], j: int, text: str) -> Optional[tuple[int, Decimal]]:
    """(index, multiplier) of a scale word right after token j, if any."""
    if j + 1 >= len(toks):
        return None
    scale = scale_of(toks[j + 1])
    if scale is None or len(_gap(text, toks[j], toks[j + 1])) > 2:
        return None
    return j + 1, scale


def _sign_before(toks: list[Tok], i: int, text: str) -> Optional[str]:
    if i == 0:
        return None
    prev = toks[i - 1]
    if prev.text not in "+" + _DASHES or prev.stop != toks[i].start:
        return None
    before = text[prev.start - 1] if prev.start > 0 else " "
    if before.isalnum():
        return None     # a range "210-250" or a code "COVID-19"
    return "+" if prev.text == "+" else "-"


def scan_numbers(toks: list[Tok], text: str) -> list[Num]:
    """Every number in the tokens, scale words applied, ranges joined."""
    nums: list[Num] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        num = None
        if tok.is_digit:
            j = _digits_end(toks, i, text)
            try:
                value = parse_digits(text[tok.start:toks[j].stop])
            except ValueError:
                i = j + 1
                continue
            num = Num(i, j, tok.start, toks[j].stop, value, sign=_sign_before(toks, i, text))
        elif tok.is_word:
            found = _words_number(toks, i)
            if found is not None:
                j, value, kind = found
                num = Num(i, j, tok.start, toks[j].stop, value, words=True, collective=kind == "collective",
                          multiple=kind == "multiple", scaled=value >= 1000 and not kind)
            elif "-" in tok.text:
                num = _word_range(toks, i)
            if num is not None and _minus_before(toks, i):
                num.sign = "-"
        if num is None:
            i += 1
            continue
        if tok.is_digit and num.sign is None and _minus_before(toks, i):
            num.sign = "-"      # "минус 10 градусов": the word stays out of the span, as a "-" would
        if not (num.collective or num.multiple):
            _apply_scale(num, toks, text)
            _add_thousands_tail(num, toks, text)
        num.value = tidy(num.value)
        nums.append(num)
        i = num.last + 1
    return _join_ranges(nums, toks, text)


def _minus_before(toks: list[Tok], i: int) -> bool:
    return i > 0 and toks[i - 1].low == "минус"


def _word_range(toks: list[Tok], i: int) -> Optional[Num]:
    """ "шесть-семь" (one hyphenated token): a range of two numerals in words."""
    tok = toks[i]
    parts = tok.text.split("-")
    if len(parts) != 2:
        return None
    low_high = []
    for part in parts:
        numeral = numeral_of(Tok(0, len(part), part, part.lower()))
        if numeral is None or numeral[1] not in ("unit", "teen", "tens", "hundreds"):
            return None
        low_high.append(numeral[0])
    low, high = low_high
    if low >= high:
        return None
    return Num(i, i, tok.start, tok.stop, low, high, words=True)


def _add_thousands_tail(num: Num, toks: list[Tok], text: str) -> None:
    """ "16 тысяч 217 автокредитов": the digits after "тысяч" are the rest of the same number."""
    j = num.last + 1
    scale = toks[num.last - 1] if toks[num.last].text == "." else toks[num.last]
    if not num.scaled or num.words or j >= len(toks) or scale.low not in ("тысяч", "тыс"):
        return
    tail = toks[j]
    if not re.fullmatch(r"\d{1,3}", tail.text) or _gap(text, toks[num.last], tail) != " ":
        return
    after = toks[j + 1] if j + 1 < len(toks) else None
    if after is not None and (after.is_digit or scale_of(after) is not None or after.text in _DASHES + ".,:"
                              and after.start == tail.stop and j + 2 < len(toks) and toks[j + 2].is_digit):
        return      # "16 тысяч 217 тысяч", "5 тыс. 10-15"
    num.value += int(tail.text)
    num.last, num.stop = j, tail.stop


def _apply_scale(num: Num, toks: list[Tok], text: str) -> None:
    scale = _scale_after(toks, num.last, text)
    if scale is None:
        return
    j, multiplier = scale
    num.value *= multiplier
    num.last, num.stop, num.scaled = j, toks[j].stop, True
    # "тыс." keeps its dot when the phrase goes on ("2,5 тыс. руб.")
    if j + 2 < len(toks) and toks[j + 1].text == "." and toks[j + 1].start == toks[j].stop \
            and toks[j].low in scale_words() and toks[j + 2].text[:1].islower():
        num.last, num.stop = j + 1, toks[j + 1].stop


def _join_ranges(nums: list[Num], toks: list[Tok], text: str) -> list[Num]:
    """Join "210-250 млн" and "от 5 до 7 млрд" into one Num; carry a scale back over "до"."""
    out: list[Num] = []
    k = 0
    while k < len(nums):
        a = nums[k]
        b = nums[k + 1] if k + 1 < len(nums) else None
        link = _link(a, b, toks, text) if b is not None else None
        if link == "range":
            if not a.scaled and b.scaled and a.value < b.value:
                a.value *= b.value / _unscaled(b, toks, text)
            out.append(Num(a.first, b.last, a.start, b.stop, tidy(a.value), b.value, scaled=b.scaled,
                           words=a.words and b.words, sign=a.sign))
            k += 2
            continue
        if link == "to" and not a.scaled and b.scaled:
            base = _unscaled(b, toks, text)
            if base and a.value < base * 1000:
                a.value = tidy(a.value * b.value / base)
                a.scaled = True
        out.append(a)
        k += 1
    return out


def _unscaled(num: Num, toks: list[Tok], text: str) -> Decimal:
    """The number as written before its scale word."""
    if num.words:
        found = _words_number(toks, num.first, num.last)
        return found[1] if found and found[1] else Decimal(1)
    j = _digits_end(toks, num.first, text)
    return parse_digits(text[toks[num.first].start:toks[j].stop])


def _link(a: Num, b: Num, toks: list[Tok], text: str) -> Optional[str]:
    """How two neighbouring numbers are joined: "range", "to" (с X до Y) or None."""
    between = toks[a.last + 1:b.first]
    if a.words != b.words:
        return None
    if len(between) == 1 and between[0].text in _DASHES and not a.words:
        after = toks[b.last + 1] if b.last + 1 < len(toks) else None
        if after is not None and after.text in _DASHES and after.start == toks[b.last].stop:
            return None     # "555-35-35": a phone number
        if text[a.stop:b.start].strip() == between[0].text and len(text[a.stop:b.start]) <= 3 \
                and (a.value < b.value or b.scaled):
            return "range"
    if len(between) == 1 and between[0].low == "до":
        before = toks[a.first - 1].low if a.first > 0 else ""
        return "range" if before == "от" else "to"
    return None
