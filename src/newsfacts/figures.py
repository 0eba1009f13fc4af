"""Figures stage: amounts of money, counts, percentages and changes, with what they
measure, when, and for whom.

    "В 2023 году торговый оборот между странами достиг 41 млрд долларов,
     увеличившись на 32%"
    -> Figure(kind="money", value=41000000000, unit="USD", metric="торговый оборот",
              change=Change(32, "%", "up"), period=2023-01-01..2023-12-31,
              subjects=[Китай, Казахстан])

Per sentence: `numbers.scan_numbers` finds the numbers; each is read with what
stands around it (a currency, "%", the counted noun, a qualifier before it), numbers
that are not figures are dropped (dates, ages, durations, identifiers, numbers
fused into words, idioms, ages, model names), changes ("на 32%", "в 1,5 раза", "+32%")
are attached to the figure they modify or kept as figures of kind "change"; "до X"
after a verb of change is the level reached. The metric is asked of `METRIC_RULES`,
in order (the first that answers wins; `explain_metric` names it), and the period of
the period rules over the date mentions of the same sentence (`doc.dates`): see the
banners "metric rules" and "period rules" below. ANNOTATION.md is the spec.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Optional

from . import morph
from .doc import Doc, Sent
from .lexicons import load_mapping, load_set, load_table
from .numbers import Num, Tok, may_hold_number, numeral_of, parse_digits, scan_numbers, tidy, tokenize, word_lemmas
from .records import Change, DateMention, Figure, Period, Span

METRIC_WINDOW = 14       # tokens searched back for the measured noun
ADJECTIVES_MAX = 3       # adjectives between a number and its counted noun
CHANGE_WINDOW = 5        # tokens searched for a change word around "на N%"
SUBJECT_SENTENCES = 2    # how far a metric's subjects carry over
GLUE_MAX = 4             # words between a figure and its change (", увеличившись на")
LEVEL_REACH = 10         # tokens between "до" and the verb of change whose level it names
RESTATED_REACH = 8       # tokens between "или на N%" and the "на N" it restates

# An alternative that runs over digits or non-spaces starts only where the run starts:
# unanchored, "\S*...\S*" retries from every character of a long run (quadratic).
_MASKS = re.compile(
    r"\d{1,2}:\d\d(?::\d\d)?"                       # times of day and scores
    r"|(?<!\d)\d+\s?:\s?\d+"                          # scores "14:0"
    r"|(?<![\d,.])(?:[12]\d|3[01]|0?[1-9])\s(?:1[0-2]|0?[1-9])\s(?:19|20)\d\d(?!\d)"   # dates "21 10 2016"
    r"|(?:(?:\+7|\b8)[\s(]*)?\d{3,5}[\s)]*\d{1,3}[\s-]\d{2}[\s-]\d{2}\b"   # phone numbers
    r"|(?<!\S)\S*?(?:https?://|www\.)\S*"              # links
    r"|(?<!\S)\S*?\S@\S+"                             # e-mail addresses
)
_MAY_MASK = re.compile(r"\d|https?://|www\.|@")
_PUNCT_STOP = set(".;:!?")
ABBREVIATION_LETTERS = 4    # "п.п.", "руб.", "тыс.": a dot right after so short a word ends no clause


def _stops_at(toks: list[Tok], k: int) -> bool:
    """Token k ends a clause: a stop sign, but not the dot of an abbreviation ("на 2 п.п.,
    до 18%") or of a name ("HH.ru")."""
    tok = toks[k]
    if tok.text not in _PUNCT_STOP:
        return False
    if tok.text != ".":
        return True
    after = toks[k + 1] if k + 1 < len(toks) else None
    if after is not None and after.start == tok.stop and after.is_word and after.text.islower():
        return False
    before = toks[k - 1] if k > 0 else None
    return not (before is not None and before.stop == tok.start and before.is_word and before.text.islower()
                and len(before.text) <= ABBREVIATION_LETTERS and after is not None)
_GLUE = {"что", "это", "то", "есть", "или", "и", "а", "тем", "самым", "соответственно", "при", "этом", "на",
         "таким", "образом", "по", "сравнению", "с"}
_AFTER_GLUE = {"до", "и", "составить", "достигнуть", "достичь", "а"}
_DATIVE_PERSONS = {"ему", "ей", "им", "мне", "тебе", "нам", "вам"}
_DETERMINERS = {"этот", "тот", "весь", "оба", "каждый", "последний", "первый", "остальной", "данный"}


@dataclass
class Reading:
    """A number read with its surroundings, before it becomes a Figure."""
    num: Num
    start: int
    stop: int
    unit_last: int                      # token index of the last token of the span
    kind: Optional[str] = None          # money / quantity / percent / times / None (bare)
    unit: Optional[str] = None
    qualifier: str = "exact"
    change: Optional["Reading"] = None  # the change attached to this level figure
    is_change: bool = False             # this number is itself a change ("на 32%")
    direction: Optional[str] = None
    change_start: Optional[int] = None
    attached: bool = False
    drop: bool = False
    inherited: bool = False             # the unit came from a neighbouring figure
    in_brackets: bool = False           # "(около 5 млн долларов)": a conversion
    measured: Optional[str] = None      # the genitive phrase after a unit: "25 тонн декораций"
    measured_last: Optional[int] = None  # its last token
    counted: bool = False               # the unit is a counted noun ("14 пограничников"), not a measure
    elided: bool = False                # an adjective stands for a left-out noun ("12 золотых")


# ---------------------------------------------------------------- lexicons

@cache
def currency_phrases() -> list[tuple[tuple[str, ...], str]]:
    rows = [(tuple(row[0].lower().split()), row[1]) for row in load_table("currencies")]
    return sorted(rows, key=lambda r: -len(r[0]))


@cache
def qualifier_phrases() -> list[tuple[tuple[str, ...], str]]:
    rows = [(tuple(row[0].lower().split()), row[1]) for row in load_table("qualifiers")]
    return sorted(rows, key=lambda r: -len(r[0]))


@cache
def qualifiers_by_last_word() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """`qualifier_phrases()` grouped by their last word, longest first in each group."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, qualifier in qualifier_phrases():
        out.setdefault(phrase[-1], []).append((phrase, qualifier))
    return out


@cache
def currencies_by_first_word() -> dict[str, list[tuple[int, tuple[str, ...], str]]]:
    """`currency_phrases()` with their rank, grouped by their first word."""
    out: dict[str, list[tuple[int, tuple[str, ...], str]]] = {}
    for rank, (words, code) in enumerate(currency_phrases()):
        out.setdefault(words[0], []).append((rank, words, code))
    return out


@cache
def change_words() -> dict[str, tuple[Optional[str], bool]]:
    out = {}
    for row in load_table("change_words"):
        direction = None if row[1] == "none" else row[1]
        out[row[0].replace("ё", "е")] = (direction, len(row) > 2 and row[2] == "direct")
    return out


@cache
def metric_nouns() -> dict[str, bool]:
    """{lemma: takes the genitive phrase after it ("число поездов")}."""
    out: dict[str, bool] = {}
    for row in load_table("metric_nouns"):
        out[row[0].lower()] = out.get(row[0].lower(), False) or (len(row) > 1 and row[1] == "of")
    return out


# ---------------------------------------------------------------- token helpers

def best(tok: Tok):
    parses = morph.parse(tok.low)
    return parses[0] if parses else None


def pos(tok: Tok) -> Optional[str]:
    parse = best(tok)
    return parse.tag.POS if parse is not None else None


def lemma(tok: Tok) -> str:
    return morph.lemma(tok.low) if tok.is_word else tok.low


def is_punct(tok: Tok) -> bool:
    return not tok.is_word and not tok.is_digit


def change_word(tok: Tok) -> Optional[tuple[Optional[str], bool]]:
    if not tok.is_word:
        return None
    words = change_words()
    for lem in word_lemmas(tok.text):
        if lem in words:
            return words[lem]
    return None


def match_currency(toks: list[Tok], j: int) -> Optional[tuple[int, str]]:
    """(last index, ISO code) of a currency phrase starting at token j."""
    for words, code in _currencies_from(toks[j]):
        k, ok = j, True
        for word in words:
            if k >= len(toks):
                ok = False
                break
            tok = toks[k]
            if not (tok.low == word or (tok.is_word and len(word) > 1 and word in word_lemmas(tok.text))):
                ok = False
                break
            k += 1
            if k < len(toks) and toks[k].text == "." and toks[k].start == toks[k - 1].stop and \
                    len(toks[k - 1].text) <= 4 and toks[k - 1].is_word:
                k += 1      # "руб.", "долл."
        if ok:
            last = k - 1
            # the trailing dot of "руб." ends a sentence as often as an abbreviation: keep it out
            if toks[last].text == "." and last + 1 >= len(toks):
                last -= 1
            return last, code
    return None


def _currencies_from(tok: Tok) -> list[tuple[tuple[str, ...], str]]:
    """The currency phrases whose first word `tok` can be, in `currency_phrases()` order."""
    groups = currencies_by_first_word()
    keys = {tok.low}
    if tok.is_word:
        keys |= {lem for lem in word_lemmas(tok.text) if len(lem) > 1}
    found = sorted(row for key in keys for row in groups.get(key, ()))
    return [(words, code) for _, words, code in found]


# ---------------------------------------------------------------- reading a number

def read_number(num: Num, toks: list[Tok], text: str) -> Reading:
    """The number with its unit: currency, percent, measure, counted noun, or nothing."""
    reading = Reading(num, num.start, num.stop, num.last)
    if num.sign is not None and num.first > 0:
        reading.start = toks[num.first - 1].start     # "минус 3 млрд", "−3%", "+32%"
    if num.multiple:
        reading.kind = "times"      # "вдвое"
        return reading
    if num.first > 0 and toks[num.first - 1].low in ("$", "€", "£", "₽", "₸", "¥", "₴", "₼", "₾"):
        sign = toks[num.first - 1]
        if text[sign.stop:num.start].strip() == "":
            reading.kind = "money"
            reading.unit = currency_words()[sign.low]
            reading.start = sign.start
    j = num.last + 1
    if j >= len(toks):
        return reading
    nxt = toks[j]
    if nxt.text == "%" or (nxt.is_word and lemma(nxt) in ("процент", "проц")):
        reading.kind, reading.unit = "percent", "%"
        _extend(reading, toks, j)
        return reading
    if reading.kind == "money":
        return reading
    currency = match_currency(toks, j)
    if currency is not None:
        reading.kind, reading.unit = "money", currency[1]
        _extend(reading, toks, currency[0])
        return reading
    if nxt.is_word and lemma(nxt) == "раз":
        reading.kind = "times"
        _extend(reading, toks, j)
        return reading
    measure = _measure(toks, j, text)
    if measure is not None:
        reading.kind, reading.unit = "quantity", measure[1]
        _extend(reading, toks, measure[0])
        return reading
    noun = _counted_noun(toks, j, num)
    if noun is not None:
        k, unit = noun
        if unit in load_set("counted_not") or not _agrees(num, toks[k]) or _is_reference(toks, k, unit):
            reading.drop = True
        reading.kind, reading.unit = "quantity", unit
        reading.counted = unit not in measure_nouns()
        reading.elided = k == j and _left_out_noun(toks[k])
        _extend(reading, toks, k)
        return reading
    brand = _latin_name(toks, j)
    if brand is not None:
        # "10 тысяч Audi", "40 миллионов Galaxy S III": things counted by their name
        reading.kind, reading.unit, reading.counted = "quantity", " ".join(t.text for t in toks[j:brand + 1]), True
        _extend(reading, toks, brand)
    return reading


def _latin_name(toks: list[Tok], j: int) -> Optional[int]:
    """Last index of a run of capitalised Latin words at token j ("Galaxy S III"), if one starts there."""
    if j >= len(toks) or not re.fullmatch(r"[A-Z][A-Za-z]+", toks[j].text):
        return None
    k = j
    while k + 1 < len(toks) and re.fullmatch(r"[A-Z][A-Za-z]*", toks[k + 1].text) and toks[k + 1].start - toks[k].stop == 1:
        k += 1
    return k


@cache
def measure_nouns() -> frozenset[str]:
    """Units of measure and counting words, whose genitive names what is measured."""
    units = set(load_mapping("measure_units").values()) | {row[1] for row in load_table("unit_phrases")}
    return frozenset(load_set("measure_nouns") | units)


@cache
def unit_phrases() -> dict[tuple[str, ...], str]:
    return {tuple(row[0].split()): row[1] for row in load_table("unit_phrases")}


def _agrees(num: Num, noun: Tok) -> bool:
    """A counted noun takes the genitive after 2 and more: "на 34 место" is an ordinal use."""
    if num.words or num.scaled or num.value_max is not None or num.value != num.value.to_integral_value():
        return True
    n = int(num.value)
    if n % 10 == 1 and n % 100 != 11:
        return True
    parses = morph.parse(noun.low)
    return not parses or any("gent" in p.tag or "plur" in p.tag for p in parses) or noun.low == "человек"


def _is_reference(toks: list[Tok], k: int, unit: str) -> bool:
    # "7 части 2 статьи": the noun is itself numbered
    return unit in load_set("number_ids") and k + 1 < len(toks) and toks[k + 1].is_digit


def add_compound(reading: Reading, toks: list[Tok], text: str) -> None:
    """ "82 километра 169 метров" -> 82.169 километр."""
    j = reading.unit_last + 1
    if reading.kind != "quantity" or j + 1 >= len(toks) or not toks[j].is_digit:
        return
    for larger, smaller, ratio in load_table("compound_units"):
        if reading.unit != larger:
            continue
        unit_tok = toks[j + 1]
        if unit_tok.low == smaller or (unit_tok.is_word and lemma(unit_tok) == smaller):
            part = parse_digits(toks[j].text)
            if part < Decimal(ratio):
                reading.num.value = tidy(reading.num.value + part / Decimal(ratio))
                _extend(reading, toks, j + 1)
            return


@cache
def currency_words() -> dict[str, str]:
    """One-word currency names and signs -> ISO code ("$" -> "USD")."""
    return {words[0]: code for words, code in currency_phrases() if len(words) == 1}


def _extend(reading: Reading, toks: list[Tok], last: int) -> None:
    reading.unit_last = last
    reading.stop = toks[last].stop


def _measure(toks: list[Tok], j: int, text: str) -> Optional[tuple[int, str]]:
    units = load_mapping("measure_units")
    tok = toks[j]
    # "км/ч", "кв. м", "п.п": try the longest run of up to three tokens that is a unit
    for size in (3, 2, 1):
        if j + size > len(toks) or toks[j + size - 1].text == ".":
            continue
        phrase = text[tok.start:toks[j + size - 1].stop].lower()
        if phrase in units:
            if size == 1 and j + 1 < len(toks) and toks[j + 1].is_word and toks[j + 1].start == tok.stop:
                continue
            last = j + size - 1
            return _abbreviation_dot(toks, last, units[phrase]), units[phrase]
    return None


def _abbreviation_dot(toks: list[Tok], last: int, unit: str) -> int:
    """The dot of an abbreviated unit ("тыс. шт. автомобилей", "2 п.п.") when it is no full stop:
    the phrase goes on after it in lower case or with a comma; or the unit ends in a dot itself."""
    k = last + 1
    if k >= len(toks) or toks[k].text != "." or toks[k].start != toks[last].stop or not toks[last].is_word:
        return last
    after = toks[k + 1] if k + 1 < len(toks) else None
    if unit.endswith(".") or (after is not None and (after.text[:1].islower() or after.text in ",;)")):
        return k
    return last


def _counted_noun(toks: list[Tok], j: int, num: Num) -> Optional[tuple[int, str]]:
    """(index, lemma) of the noun a number counts: "14 пограничников", "три ножевых ранения"."""
    k = j
    adjectives = 0
    if num.words and j < len(toks) and _is_abbreviation(toks[j]):
        return j, toks[j].text      # "двух ЛЭП"
    while k < len(toks) and toks[k].is_word and toks[k].text[:1].islower():
        parse = best(toks[k])
        if parse is None:
            return None
        tag = parse.tag
        if tag.POS == "NOUN" or (tag.POS in ("ADJF", "PRTF") and _is_noun_too(toks[k])):
            noun = _noun_lemma(toks[k])
            phrase = tuple(_metric_word(best(t)) for t in toks[j:k]) + (noun,)
            for size in range(len(phrase), 1, -1):
                if phrase[-size:] in unit_phrases():
                    return k, unit_phrases()[phrase[-size:]]     # "кубических метров"
            if k + 2 < len(toks) and toks[k + 1].low == "и" and toks[k + 2].is_word and \
                    toks[k + 2].text[:1].islower() and _same_form(toks[k], toks[k + 2]):
                return k + 2, f"{noun} и {_noun_lemma(toks[k + 2])}"     # "четверо братьев и сестер"
            return k, noun
        if tag.POS in ("ADJF", "PRTF") and adjectives < ADJECTIVES_MAX:
            adjectives += 1
            k += 1
            continue
        break
    stem = INFLECTED_ABBREVIATION.fullmatch(toks[k].text) if k < len(toks) and toks[k].is_word else None
    if stem is not None:
        return k, stem.group(1)     # "5 ФАПов", "трех новых ФАПов": an abbreviation with a case ending
    if adjectives and k < len(toks) and _is_abbreviation(toks[k]):
        return k, toks[k].text      # "10 новых ТЭЦ"
    if adjectives == 1 and (num.collective or _plural_genitive(toks[j]) or _left_out_noun(toks[j])):
        # "двое раненых", "трёх пострадавших": a substantivised adjective, named as one ("пострадавший")
        return j, _metric_word(best(toks[j]))
    if num.collective and not adjectives:
        return j - 1, "человек"     # "двое" alone: people
    return None


def _left_out_noun(tok: Tok) -> bool:
    """An adjective in the genitive plural that is no noun of its own ("12 золотых"): it stands for
    a noun left out, which a figure before it names."""
    parse = best(tok)
    return parse is not None and parse.tag.POS == "ADJF" and "Subx" not in parse.tag and \
        "gent" in parse.tag and "plur" in parse.tag and "Apro" not in parse.tag


def _same_form(a: Tok, b: Tok) -> bool:
    """Two nouns in the same case and number: "братьев и сестер"."""
    first = best(a)
    return first is not None and any(p.tag.POS == "NOUN" and p.tag.case == first.tag.case
                                     and p.tag.number == first.tag.number for p in morph.parse(b.low))


def _plural_genitive(tok: Tok) -> bool:
    parse = best(tok)
    return parse is not None and "plur" in parse.tag and "gent" in parse.tag and tok.low.endswith(("ших", "ных", "мых"))


def _is_noun_too(tok: Tok) -> bool:
    return any(p.tag.POS == "NOUN" and ("gent" in p.tag or "nomn" in p.tag or "accs" in p.tag)
               and p.score >= 0.3 for p in morph.parse(tok.low))


def _noun_lemma(tok: Tok) -> str:
    """The lemma of a counted noun: a noun with a singular ("очко" for "очками", not "очки")."""
    nouns = [p for p in morph.parse(tok.low) if p.tag.POS == "NOUN"]
    if not nouns:
        return morph.lemma(tok.low)
    countable = [p for p in nouns if "Pltm" not in p.tag]
    return (countable or nouns)[0].normal_form.replace("ё", "е")


# an abbreviation in capitals declined with a lower-case ending: "ФАПов", "ТЭЦами"
INFLECTED_ABBREVIATION = re.compile(r"([А-ЯЁ]{2,})(?:ов|ам|ами|ах|а|у|ы|е|ом)")


def _is_abbreviation(tok: Tok) -> bool:
    """An abbreviation in capitals that pymorphy knows as a noun: "ЛЭП", "АЭС"."""
    return tok.is_word and len(tok.text) > 1 and tok.text.isupper() and \
        any(p.tag.POS == "NOUN" and "Abbr" in p.tag for p in morph.parse(tok.low))


# ---------------------------------------------------------------- what is not a figure

class Intervals:
    """Spans (start, stop) that answer "does any overlap / contain this?" by bisection."""

    def __init__(self, spans):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach = []         # the furthest stop among spans[:k + 1]
        for _, stop in spans:
            self.reach.append(max(stop, self.reach[-1]) if self.reach else stop)

    def overlaps(self, start: int, stop: int) -> bool:
        k = bisect_left(self.starts, stop) - 1
        return k >= 0 and self.reach[k] > start

    def contains(self, start: int, stop: int) -> bool:
        k = bisect_right(self.starts, start) - 1
        return k >= 0 and self.reach[k] >= stop


class BySentence:
    """Items of a document sorted by start, to take a sentence's share by bisection."""

    def __init__(self, items, start):
        self.items = sorted(items, key=start)
        self.starts = [start(item) for item in self.items]

    def within(self, sent: Sent) -> list:
        return self.items[bisect_left(self.starts, sent.start):bisect_left(self.starts, sent.stop)]


def masked_spans(sent: Sent, dates: list[DateMention]) -> list[tuple[int, int]]:
    """Spans of a sentence that hold no figure: its date mentions, times, scores, phones, links."""
    spans = [(d.span.start, d.span.stop) for d in dates if sent.start <= d.span.start < sent.stop]
    if _MAY_MASK.search(sent.text):     # every mask holds a digit, a link or an "@"
        spans += [(sent.start + m.start(), sent.start + m.end()) for m in _MASKS.finditer(sent.text)]
    return spans


def not_a_figure(reading: Reading, toks: list[Tok], text: str, masks: Intervals, names: Intervals) -> bool:
    """Dates, times, identifiers, numbers fused into words or names, repeat counts."""
    num = reading.num
    if reading.drop or masks.overlaps(num.start, num.stop):
        return True
    before = text[num.start - 1] if num.start > 0 else " "
    if not num.words and num.sign is None:
        glued = before in "-‐–/." and num.start > 1 and text[num.start - 2].isalnum()
        if before.isalpha() or before in "№#’'" or glued:
            return True     # "COVID-19", "№5", "589658-7"
    after = text[num.stop:num.stop + 2]
    if after[:1].isalpha() or after[:1] in "’'" or re.match(r"[-‐–][^\W\d_]|[-‐–/.]\d", after):
        return True         # "31-летний", "3-й", "2017/18", "128.1"
    if reading.kind == "times" and not reading.is_change:
        return True         # "дважды", "5 раз": repeat counts
    prev = _prev_word(toks, num.first)
    if prev is not None and (prev.low in load_set("number_ids") or lemma(prev) in load_set("number_ids")) \
            and not (reading.kind == "quantity" and not reading.counted and reading.unit):
        return True         # "статья 214", "ч. 2", "дом 7"; not a measure: "участок 16,5 гектаров"
    if prev is not None and prev.is_digit and num.first > 1 and toks[num.first - 2].is_word and \
            lemma(toks[num.first - 2]) in load_set("number_ids"):
        return True         # "статьей 189 38": the rest of the reference
    if not num.words and len(toks[num.first].text) > 1 and toks[num.first].text[0] == "0" and \
            toks[num.first].text[1].isdigit():
        return True         # "09", "007": a code, not an amount
    if names.contains(num.start, num.stop):
        return True         # "Улица 1905 года", "Формула-1"
    if num.words:
        return _word_number_is_not(reading, toks, text)
    if prev is not None and prev.is_word and lemma(prev) in _DETERMINERS and prev.low != "всего":
        return True         # "эти первые 50" ("всего 36%" is "only")
    if reading.kind is None:
        nxt = toks[num.last + 1] if num.last + 1 < len(toks) else None
        if prev is not None and prev.is_word and prev.text[:1].isupper() and num.first > 1:
            return True     # "Windows 10", "ОД 3628", "TOP 09"
        if prev is not None and prev.is_word and re.search("[a-z]", prev.low) and prev.stop + 1 == num.start:
            return True     # "iPhone 8": a model name
        if prev is not None and (prev.low in _DATIVE_PERSONS or prev.low in ("было", "будет", "исполнилось")
                                 and num.first > 1 and toks[num.first - 2].low in _DATIVE_PERSONS):
            return True     # "ему 88", "ей было 47": an age
        if nxt is not None and nxt.is_word and nxt.text.isupper() and len(nxt.text) > 1:
            return True     # "159 УК РФ"
        if before == "(" and text[num.stop:num.stop + 1] == ")" and num.value < 10:
            return True     # a footnote "(1)"
    return False


_LIST_GLUE = {",", "и", "или", "+", "-", "–", "—"}


def drop_lists_of_durations(readings: list[Reading], toks: list[Tok]) -> None:
    """Bare numbers listed before a duration share it: "на 55, 59 и 90+6 минутах", "2, 3 и 5 лет"."""
    for i in range(len(readings) - 2, -1, -1):
        reading, nxt = readings[i], readings[i + 1]
        if reading.kind is not None or reading.is_change or not nxt.drop:
            continue
        between = toks[reading.unit_last + 1:nxt.num.first]
        if between and len(between) <= 2 and all(t.low in _LIST_GLUE for t in between) and \
                (nxt.unit in load_set("counted_not") or nxt.kind is None):
            reading.drop = True


def _prev_word(toks: list[Tok], i: int) -> Optional[Tok]:
    k = i - 1
    while k >= 0 and toks[k].text in ".№":
        if toks[k].text == "№":
            return toks[k]
        k -= 1
    return toks[k] if k >= 0 else None


def _named_before(text: str, upto: int, unit: Optional[str]) -> bool:
    """The counted noun came up in an earlier sentence ("страны" before "лидеры двух стран")."""
    if not unit or " " in unit:
        return False
    stem = unit[:max(3, len(unit) - 2)]
    for m in re.finditer(rf"(?<![а-яё]){re.escape(stem)}[а-яё]*", text[:upto].lower()):
        if unit in word_lemmas(m.group()):
            return True
    return False


def _word_number_is_not(reading: Reading, toks: list[Tok], text: str) -> bool:
    """A numeral in words counts only things it names ("двое мужчин"), not "один из", "эти двое"."""
    num = reading.num
    if reading.kind is None and not reading.is_change and not _from_to_words(toks, num):
        return True
    nxt = toks[num.last + 1] if num.last + 1 < len(toks) else None
    if nxt is not None and nxt.low == "из":
        return True
    if num.first > 0:
        prev = toks[num.first - 1]
        if prev.is_word and lemma(prev) in _DETERMINERS and prev.low != "всего":
            return True
        if num.value == 1 and prev.low in ("ни", "как"):
            return True     # "ни одна другая", "как один": not a count
        if prev.low == "из" and num.first > 1 and lemma(toks[num.first - 2]) in ("каждый", "любой", "ни"):
            return True     # "в каждой из двух команд": the things named already
        parse = best(toks[num.first])
        if prev.is_word and pos(prev) == "NOUN" and parse is not None and "gent" in parse.tag \
                and not reading.kind == "money" and not _names_new_things(reading, toks) \
                and _named_before(text, toks[0].start, reading.unit):
            return True     # "лидеры двух стран" after the countries were named: the number refers back
    if num.value == 1 and num.value_max is None and _one_is_no_count(toks, num.first):
        return True
    return False


def _from_to_words(toks: list[Tok], num: Num) -> bool:
    """ "с пяти до шести": both ends of a change of level written in words are figures."""
    def word_number(k: int) -> bool:
        return 0 <= k < len(toks) and numeral_of(toks[k]) is not None

    before = toks[num.first - 1].low if num.first > 0 else ""
    after = toks[num.last + 1].low if num.last + 1 < len(toks) else ""
    if before in ("с", "со") and after == "до":
        return word_number(num.last + 2)
    if before == "до" and num.first > 2 and toks[num.first - 3].low in ("с", "со"):
        return word_number(num.first - 2)
    return False


def _names_new_things(reading: Reading, toks: list[Tok]) -> bool:
    """A counted noun phrase that says what its things are ("двух предновогодних взрывов",
    "трех моделей Audi", "двух ЛЭП") introduces them; a bare one ("двух стран") refers back."""
    first, last = reading.num.last + 1, reading.unit_last
    between = toks[first:last]
    if any(t.is_word and lemma(t) not in _DETERMINERS for t in between):
        return True
    after = toks[last + 1] if last + 1 < len(toks) else None
    return _is_abbreviation(toks[last]) or (after is not None and after.is_word and after.text[:1].isupper()
                                             and after.start - toks[last].stop == 1)


def _one_is_no_count(toks: list[Tok], i: int) -> bool:
    """ "один" counts as the subject or object of its clause ("погиб один человек", "одну песенку");
    in the plural, after a preposition or in an oblique case it is an idiom or an article
    ("с одной стороны", "в один момент", "на одном уровне", "по одним данным", "одному продюсеру").
    After a noun, "в" measures it: "с перевесом в один голос"."""
    parses = [p for p in morph.parse(toks[i].low) if p.normal_form == "один"]
    if not parses or all("plur" in p.tag for p in parses):
        return True
    if i + 1 < len(toks) and any("Anum" in p.tag for p in morph.parse(toks[i + 1].low)):
        return True     # "одна десятая": a fraction
    if i > 0 and toks[i - 1].is_word and pos(toks[i - 1]) == "PREP":
        return not (toks[i - 1].low in ("в", "во") and i > 1 and toks[i - 2].is_word and pos(toks[i - 2]) == "NOUN")
    return not any(("nomn" in p.tag or "accs" in p.tag) and "plur" not in p.tag for p in parses)


# ---------------------------------------------------------------- qualifiers and changes

def qualifier_before(toks: list[Tok], i: int, verbs_from: int, counted: bool = False) -> tuple[str, int]:
    """(qualifier, index of its first token) from the words before token i."""
    stepped = i < len(toks) and toks[i].low in ("на", "в", "во")
    if not stepped and i > 0 and toks[i - 1].low in ("на", "в", "во"):
        i -= 1      # "приблизительно на 45 процентов"
        stepped = True
    # the words before, commas left out: "с менее, чем 42%"
    before = [k for k in range(max(0, i - 5), i) if toks[k].text != ","][-4:]
    words = [toks[k].low for k in before]
    for phrase, qualifier in qualifiers_by_last_word().get(words[-1] if words else "", ()):
        if len(phrase) <= len(words) and tuple(words[-len(phrase):]) == phrase:
            first = before[-len(phrase)]
            if phrase == ("до",) and _change_before(toks, first, verbs_from):
                return "exact", first   # "увеличена до 5 метров": the level reached
            if stepped and len(phrase) == 1 and change_word(toks[first]) is not None:
                return "exact", i       # "был меньше на 13%": the direction of a change
            if phrase == ("от",) and counted:
                return "exact", first   # "ДНК от трех человек": where it comes from
            return qualifier, first
    for k in range(i - 1, max(verbs_from, i - 4) - 1, -1):
        tok = toks[k]
        if is_punct(tok) and tok.text in _PUNCT_STOP | {","}:
            break
        if tok.is_word:
            found = load_mapping("qualifier_verbs").get(lemma(tok))
            if found:
                negated = k > 0 and toks[k - 1].low == "не"
                return ("less" if negated else found), i
    return "exact", i


_AFTER_QUALIFIERS = {("и", "более"): "more", ("и", "больше"): "more", ("и", "выше"): "more", ("и", "старше"): "more",
                     ("и", "менее"): "less", ("и", "меньше"): "less", ("и", "ниже"): "less"}


def qualifier_after(toks: list[Tok], last: int) -> str:
    """ "два человека и более": a qualifier after the figure."""
    pair = tuple(t.low for t in toks[last + 1:last + 3])
    nxt = toks[last + 3] if last + 3 < len(toks) else None
    if nxt is not None and (nxt.is_digit or numeral_of(nxt) is not None):
        return "exact"      # "34 человека и более 70": the qualifier of the next number
    return _AFTER_QUALIFIERS.get(pair, "exact")


def _change_before(toks: list[Tok], i: int, floor: int) -> bool:
    """A verb of change or of bringing to a level stands before the "до" at token i, in its clause:
    "выросли на 18%, до 8,7 трлн", "довести товарооборот до 50 млрд", "с 7% до 3,5%"."""
    for k in range(i - 1, max(floor, i - LEVEL_REACH) - 1, -1):
        if toks[k].is_word and level_verbs().get(lemma(toks[k])) == "object":
            return True
        if is_punct(toks[k]) and _stops_at(toks, k):
            return False
        if change_word(toks[k]) is not None or (toks[k].is_digit and k == i - 1) or \
                (toks[k].low in ("с", "со") and k + 1 < len(toks) and
                 (toks[k + 1].is_digit or numeral_of(toks[k + 1]) is not None)):
            return True     # "с 7% до 3,5%"
        if toks[k].low == "на" and k + 1 < len(toks) and toks[k + 1].is_digit and _change_of(toks, k) is not None:
            return True     # "увеличил портфель на 1,2 трлн рублей, или на 3,4%, до 36,5 трлн"
    return False


def _change_of(toks: list[Tok], prep: int) -> Optional[tuple[Optional[str], bool]]:
    """The change word of "на N" at `prep`, near it or, for "или на N%", near the "на N" it
    restates ("выросла на 1,2 трлн рублей, или на 3,4%")."""
    found = _change_word_near(toks, prep, prep + 1)
    if found is not None or prep < 1 or toks[prep - 1].low != "или":
        return found
    for k in range(prep - 2, max(-1, prep - 2 - RESTATED_REACH), -1):
        if is_punct(toks[k]) and _stops_at(toks, k):
            break
        if toks[k].low == "на" and k + 1 < len(toks) and toks[k + 1].is_digit:
            return _change_word_near(toks, k, k + 1)
    return None


def mark_change(reading: Reading, toks: list[Tok]) -> None:
    """Mark "на 32%", "в 1,5 раза", "+32%", "потеряла семь мандатов" as a change."""
    num = reading.num
    prev = toks[num.first - 1] if num.first > 0 else None
    if num.sign and reading.kind == "percent" and not _signed_level(toks, num):
        reading.is_change, reading.direction = True, "up" if num.sign == "+" else "down"
        reading.change_start = reading.start
        return
    if num.multiple:
        # "почти вдвое увеличил", "снижен вдвое", "вдвое больше"
        found = _change_word_near(toks, num.first, num.last)
        if found is not None:
            reading.is_change, reading.direction = True, found[0]
            reading.change_start = reading.start
        return
    if prev is None:
        return
    at = _change_by_amount(toks, num.first)
    if at is None:
        at = num.first - 1
    else:
        prev = toks[at]     # "снижать стоимость на величину порядка 25%": "на" past the amount's noun
    if prev.low == "на" or (prev.low == "в" and reading.kind == "times"):
        found = _change_word_near(toks, at, reading.unit_last)
        if found is None and reading.kind == "percent":
            found = _change_repeated_in_brackets(toks, at) or _change_of(toks, at)
        if found is None and reading.kind != "times":
            return
        reading.is_change = True
        reading.direction = found[0] if found else None
        reading.change_start = prev.start
        return
    if prev.is_word:
        found = change_word(prev)
        if found is not None and found[1]:
            reading.is_change, reading.direction = True, found[0]
            reading.change_start = reading.start


def _change_by_amount(toks: list[Tok], first: int) -> Optional[int]:
    """The "на" of "на величину (порядка) N": a change by an amount, with its qualifier."""
    k = _skip_qualifier_words(toks, first)
    if k >= 2 and toks[k - 1].low in ("величину", "величина") and toks[k - 2].low == "на":
        return k - 2
    return None


def _change_repeated_in_brackets(toks: list[Tok], prep: int) -> Optional[tuple[Optional[str], bool]]:
    """ "цены вырастут на 7-8% (за 2009 год - на 8,8%)": "на N%" in brackets after a change repeats
    its verb for another period."""
    depth, k = 0, prep - 1
    while k >= 0 and toks[k].text not in _PUNCT_STOP:
        if toks[k].text == ")":
            depth += 1
        elif toks[k].text == "(":
            if depth == 0:
                for j in range(k - 1, max(-1, k - 1 - 2 * CHANGE_WINDOW), -1):
                    if toks[j].text in _PUNCT_STOP:
                        break
                    found = change_word(toks[j])
                    if found is not None:
                        return found
                return None
            depth -= 1
        k -= 1
    return None


def _signed_level(toks: list[Tok], num: Num) -> bool:
    """ "составила минус 0,5%", "рентабельность составила −3%": a signed level, not a change."""
    k = num.first - 1
    if k >= 0 and toks[k].low == "минус":
        return True
    k -= 1      # the sign
    while k >= 0 and toks[k].low in qualifier_words():
        k -= 1
    return k >= 0 and toks[k].is_word and level_verbs().get(lemma(toks[k])) == "subject"


def _change_word_near(toks: list[Tok], prep: int, last: int) -> Optional[tuple[Optional[str], bool]]:
    for k in range(prep - 1, max(-1, prep - 1 - CHANGE_WINDOW), -1):
        if is_punct(toks[k]) and toks[k].text in _PUNCT_STOP | {","}:
            break
        found = change_word(toks[k])
        if found is not None:
            return found
    for k in range(last + 1, min(len(toks), last + 3)):
        if is_punct(toks[k]):
            break
        found = change_word(toks[k])
        if found is not None:
            return found
    return None


class TokIndex:
    """Where the words and the stop signs of a sentence's tokens are: the tokens between two
    figures are counted by bisection, not walked (a long sentence has many figures)."""

    def __init__(self, toks: list[Tok]):
        self.words = [k for k, tok in enumerate(toks) if tok.is_word]
        self.stops = [k for k, tok in enumerate(toks) if tok.text in _PUNCT_STOP]

    def words_in(self, first: int, stop: int, most: int) -> Optional[range]:
        """Indices (into `words`) of the words of toks[first:stop]; None when more than `most`."""
        lo, hi = bisect_left(self.words, first), bisect_left(self.words, stop)
        return None if hi - lo > most else range(lo, max(lo, hi))

    def has_stop(self, first: int, stop: int) -> bool:
        k = bisect_left(self.stops, first)
        return k < len(self.stops) and self.stops[k] < stop


def attach_changes(readings: list[Reading], toks: list[Tok]) -> None:
    """Give each change to the level figure it modifies, when the words between allow it."""
    index = TokIndex(toks)
    before, after = _levels_around(readings)
    for i, change in enumerate(readings):
        if not change.is_change:
            continue
        first = _first_token(toks, change.change_start)
        target = _level_before(before[i], toks, index, first) or _level_after(change, after[i], toks, index)
        if target is None:
            continue
        if change.unit is None and change.kind != "times":
            change.unit = target.unit
        target.change = change
        change.attached = True


def _levels_around(readings: list[Reading]) -> tuple[list[Optional[Reading]], list[Optional[Reading]]]:
    """For each reading, the nearest level figure (not a change, not dropped) before it and after it."""
    before: list[Optional[Reading]] = []
    after: list[Optional[Reading]] = [None] * len(readings)
    last = None
    for reading in readings:
        before.append(last)
        if not (reading.is_change or reading.drop):
            last = reading
    last = None
    for i in range(len(readings) - 1, -1, -1):
        after[i] = last
        if not (readings[i].is_change or readings[i].drop):
            last = readings[i]
    return before, after


_token_starts: tuple = (None, [])     # the last sentence's tokens and their starts


def _first_token(toks: list[Tok], start: int) -> int:
    """Index of the first token at or after the offset `start` (len(toks) if none)."""
    global _token_starts
    memo = _token_starts      # read once: another thread may set its own sentence meanwhile
    if memo[0] is not toks:
        memo = _token_starts = (toks, [tok.start for tok in toks])
    return bisect_left(memo[1], start)


def _level_before(level: Optional[Reading], toks: list[Tok], index: TokIndex, first: int) -> Optional[Reading]:
    if level is None:
        return None
    # "35,1 тыс. шт. автомобилей Audi, что на 0,9% больше": over the measured phrase
    after = max(level.unit_last, level.measured_last or 0) + 1
    words = index.words_in(after, first, GLUE_MAX)
    if words is None or index.has_stop(after, first):
        return None
    if all(toks[index.words[k]].low in _GLUE or change_word(toks[index.words[k]]) is not None for k in words) \
            and level.change is None:
        return level
    return None


def _level_after(change: Reading, level: Optional[Reading], toks: list[Tok], index: TokIndex) -> Optional[Reading]:
    """ "вырос в 1,5 раза и составил около 300 млн", "выросли на 13% (…) и достигли 1,284 млн": the
    level the change led to, after it; words in brackets left out."""
    if level is None or level.change is not None:
        return None
    first, stop = change.unit_last + 1, level.num.first
    if index.has_stop(first, stop):
        return None
    words = index.words_in(first, stop, 12)
    if not words:
        return None
    depth, glue = 0, 0
    for k in range(first, stop):
        tok = toks[k]
        depth += (tok.text == "(") - (tok.text == ")")
        if depth or not tok.is_word:
            continue
        if lemma(tok) not in _AFTER_GLUE and tok.low not in qualifier_words():
            return None
        glue += 1
    return level if 0 < glue <= 3 else None


def _change_unit(change: Reading, unit: Optional[str]) -> str:
    if change.kind == "times":
        return "times"
    return unit or "%"


# ---------------------------------------------------------------- units from context

def inherit_units(readings: list[Reading], previous: Optional[Reading]) -> None:
    """A number without its unit takes it from a neighbour: "с 10,63 до 11,29 млрд долларов",
    "316 млн" after "300 млн рублей"."""
    last_with_unit: dict[bool, Reading] = {}     # in brackets or not -> the last figure with a unit so far
    for i, reading in enumerate(readings):
        if reading.kind is None and not reading.is_change:
            _inherit_unit(readings, i, last_with_unit.get(reading.in_brackets), previous)
        if _last_with_unit([reading]) is not None:
            last_with_unit[reading.in_brackets] = reading


def _inherit_unit(readings: list[Reading], i: int, last: Optional[Reading], previous: Optional[Reading]) -> None:
    """Give readings[i] the unit of the figure joined after it, else of `last` (the last one before
    it with a unit), else of `previous` (the last one of the sentence before)."""
    reading = readings[i]
    joined = _joined_next(readings, i)
    source = joined or last or previous
    if source is not None and source.kind == "percent" and source is not joined and \
            (reading.num.scaled or source is previous):
        return      # "20 тысяч" after "1 %" is no percentage
    if source is not None and source.kind in ("money", "quantity", "percent") and source.unit:
        if source.kind == "money" and not reading.num.scaled and source is previous:
            return  # a bare number in a new sentence is no amount of money
        reading.kind, reading.unit = source.kind, source.unit
        reading.inherited = True


def name_left_out_nouns(readings: list[Reading]) -> None:
    """ "44 медали - 12 золотых, 15 серебряных и 17 бронзовых": the counts after a figure take its noun."""
    last_noun = None
    for reading in readings:
        if reading.elided and last_noun is not None:
            reading.unit = last_noun.unit
        elif reading.counted and not reading.elided:
            last_noun = reading


def _joined_next(readings: list[Reading], i: int) -> Optional[Reading]:
    if i + 1 >= len(readings):
        return None
    nxt = readings[i + 1]
    # a conversion in brackets ("316 млн (около 5 млн долларов)") is in another unit
    if nxt.num.first - readings[i].num.last <= 3 and nxt.kind is not None and not nxt.is_change \
            and nxt.in_brackets == readings[i].in_brackets:
        return nxt
    return None


def _last_with_unit(readings: list[Reading]) -> Optional[Reading]:
    for reading in reversed(readings):
        if reading.kind in ("money", "quantity", "percent") and reading.unit and not reading.is_change:
            return reading
    return None


# ---------------------------------------------------------------- metric, period, subjects

def find_metric(toks: list[Tok], i: int, floor: int) -> Optional[tuple[str, int]]:
    """(lemma phrase, index) of the measured noun before token i: "торговый оборот",
    "число контейнерный поезд"."""
    nouns = metric_nouns()
    for k in range(i - 1, max(floor - 1, i - 1 - METRIC_WINDOW), -1):
        tok = toks[k]
        if not tok.is_word:
            if _stops_at(toks, k):
                return None
            continue
        lem = lemma(tok)
        if lem not in nouns:
            continue
        if pos(tok) not in ("NOUN", None) and lem not in ("ввп", "врп"):
            continue
        words = _adjectives_before(toks, k) + [lem]
        if nouns[lem]:
            tail = _genitive_after(toks, k + 1, i)
            if not tail:
                continue
            words += tail
        return " ".join(words), k
    return None


def _metric_word(parse) -> str:
    """A word of a metric as its lemma; a participle as one too ("собранный", not "собрать")."""
    if parse.tag.POS == "PRTF":
        form = parse.inflect({"masc", "sing", "nomn"})
        if form is not None:
            return form.word.replace("ё", "е")
    return parse.normal_form.replace("ё", "е")


def _adjectives_before(toks: list[Tok], k: int) -> list[str]:
    out = []
    j = k - 1
    while j >= 0 and len(out) < 2 and toks[j].is_word and pos(toks[j]) in ("ADJF", "PRTF") \
            and _adjective_agrees(toks[j], toks[k]):
        out.insert(0, _metric_word(best(toks[j])))
        j -= 1
    return out


def _adjective_agrees(adjective: Tok, noun: Tok) -> bool:
    """An adjective in a case and number the noun can be in ("крупный штраф"; not "назначил
    осужденному штраф": a dative of its own)."""
    if not (isinstance(noun, Tok) and isinstance(adjective, Tok) and noun.is_word):
        return True     # a number, a sign: nothing to agree with
    forms = {(p.tag.case, p.tag.number) for p in morph.parse(noun.low) if p.tag.POS == "NOUN"}
    return not forms or any((p.tag.case, p.tag.number) in forms for p in morph.parse(adjective.low)
                            if p.tag.POS in ("ADJF", "PRTF"))


def _genitive_after(toks: list[Tok], k: int, stop: int) -> list[str]:
    out = []
    while k < stop and toks[k].is_word:
        parse = best(toks[k])
        if parse is None or "gent" not in parse.tag:
            break
        out.append(_metric_word(parse))
        if parse.tag.POS == "NOUN":
            return out
        k += 1
    return out if out and pos(toks[k - 1]) == "NOUN" else []


# ---------------------------------------------------------------- metric rules
#
# What a figure measures, asked of ordered rules; the first that answers wins:
#   share_after_percent   "51% акций"                          -> "акция"
#   bracketed_figure      "треть опрошенных (29%)"             -> "опрошенный"
#   noun_before_dash      "морозы - минус 10-14 градусов"      -> "мороз"
#   noun_of_measure       "зона площадью 4 млрд кв. км"        -> "площадь"
#   noun_in_apposition    "земельный участок 16,5 гектаров"    -> "земельный участок";
#                         "на скорости 140 км/ч"               -> "скорость"
#   noun_before_amount    "при выручке в 5,8 млн долларов"     -> "выручка"
#   change_noun_of        "об увеличении лимита до 600 тысяч"  -> "лимит"
#   governing_verb        "импорт из КНР составил 167 тыс. т"  -> "импорт из КНР" (its subject);
#                         "снизить цены на 25%"                -> "цена" (its object)
#   measured_after_unit   "25 тонн декораций и оборудования"   -> "декорация и оборудование"
#   metric_noun           the nearest noun of metric_nouns.txt before the figure, in its clause

PHRASE_WORDS = 6          # words a measured noun phrase may take
VERB_REACH = 14           # tokens between a figure and the verb it hangs on
SUBJECT_REACH = 20        # tokens between a verb and its subject
_CLAUSE_OPENERS = {"что", "чтобы", "а", "но", "однако", "когда", "если", "хотя", "где", "пока", "поскольку"}
_AMOUNT_GLUE = {"размер", "сумма", "объем", "объём", "уровень", "отметка"}   # "штраф в размере 500 тысяч"
_PRONOUN_POS = {"NPRO"}
_PARENTHETICAL = {"как", "по", "согласно", "судя"}     # ", как сообщили аналитики,"


@cache
def qualifier_words() -> frozenset[str]:
    """The words of the qualifier phrases that stand right before a number or begin a short phrase
    ("более", "чем", "около", "не менее"); not the "по" of "по меньшей мере"."""
    return frozenset(word for phrase, _ in qualifier_phrases() for k, word in enumerate(phrase)
                     if k == len(phrase) - 1 or len(phrase) <= 2) | {"чем"}


@cache
def level_verbs() -> dict[str, str]:
    return {row[0]: row[1] for row in load_table("level_verbs")}


@dataclass
class MetricContext:
    toks: list[Tok]
    names: Intervals
    masks: Intervals                # dates, times and the like: no part of a noun phrase
    units: frozenset[int] = frozenset()     # tokens of the figures themselves ("280 голосами", "10,63 миллиарда")


def find_measured(reading: Reading, ctx: MetricContext) -> None:
    """The genitive phrase after a unit of measure or counting: "25 тыс. кубических метров скального
    грунта", "более 4 км ЛЭП", "35,1 тыс. шт. автомобилей Audi"."""
    if reading.kind != "quantity" or reading.counted or reading.unit not in measure_nouns():
        return
    phrase = noun_phrase(ctx.toks, reading.unit_last + 1, len(ctx.toks), ("gent",), ctx)
    if phrase is not None:
        reading.measured, reading.measured_last = phrase


def metric_of(reading: Reading, ctx: MetricContext) -> Optional[str]:
    return explain_metric(reading, ctx)[1]


def explain_metric(reading: Reading, ctx: MetricContext) -> tuple[Optional[str], Optional[str]]:
    """(name of the rule that answered, metric): a wrong metric points at the rule that gave it."""
    for rule in METRIC_RULES:
        found = rule(reading, ctx)
        if found:
            return rule.__name__, found
    return None, None


def share_after_percent(reading: Reading, ctx: MetricContext) -> Optional[str]:
    """ "51% акций завода", "40% времени на экране", "52% опрошенных": what a percentage is a share of."""
    if reading.kind != "percent" or reading.is_change:
        return None
    toks, k = ctx.toks, reading.unit_last + 1
    if k < len(toks) and toks[k].low == "годовых":
        return None     # "18% годовых": an annual rate, a share of nothing
    if k < len(toks) and toks[k].low == "от":
        k += 1
    phrase = noun_phrase(toks, k, len(toks), ("gent",), ctx)
    if phrase is not None:
        return phrase[0]
    if k < len(toks) and toks[k].is_word and _is_group_noun(toks[k]) and "gent" in _group_parse(toks[k]).tag:
        return _metric_word(_group_parse(toks[k]))      # "52% опрошенных поддерживают"
    return None


def noun_before_dash(reading: Reading, ctx: MetricContext) -> Optional[str]:
    """ "морозы - минус 10-14 градусов", "импорт — 5 млрд долларов": a dash stands for the verb
    between the measured thing and its figure."""
    toks = ctx.toks
    k = _skip_qualifier_words(toks, _start_token(toks, reading))
    if k < 2 or toks[k - 1].text not in "-–—" or toks[k - 1].start == toks[k - 2].stop:
        return None
    noun = toks[k - 2]
    if not noun.is_word or ctx.masks.overlaps(noun.start, noun.stop) or ctx.names.overlaps(noun.start, noun.stop) \
            or _in_prepositional_phrase(toks, k - 2) or k - 2 in ctx.units:
        return None     # "за столь короткий срок — 50 000 голосов": a circumstance
    parses = morph.parse(noun.low)
    if not parses or parses[0].tag.POS != "NOUN" or not any("nomn" in p.tag for p in parses if p.tag.POS == "NOUN"):
        return None
    first = _adjectives_start(toks, k - 2)
    phrase = noun_phrase(toks, first, k - 1, ("nomn",), ctx)
    return phrase[0] if phrase else None


def measured_after_unit(reading: Reading, ctx: MetricContext) -> Optional[str]:
    return reading.measured


def bracketed_figure(reading: Reading, ctx: MetricContext) -> Optional[str]:
    """A percentage in brackets next to the group it is a share of: "опрошенных (29%)",
    "каждому одиннадцатому (11%) россиянину"."""
    toks = ctx.toks
    first, last = _first_token(toks, reading.start), reading.unit_last
    if reading.kind != "percent" or first == 0 or toks[first - 1].text != "(" or \
            last + 1 >= len(toks) or toks[last + 1].text != ")":
        return None
    for k in (first - 2, last + 2):
        if 0 <= k < len(toks) and toks[k].is_word and _is_group_noun(toks[k]):
            return _metric_word(_group_parse(toks[k]))
    return None


def _group_parse(tok: Tok):
    """A noun, or an adjective or participle standing for people ("опрошенных", "желающих")."""
    if len(tok.text) < 2:
        return None
    for p in morph.parse(tok.low):
        if p.tag.POS == "NOUN" or (p.tag.POS in ("ADJF", "PRTF") and ("Subx" in p.tag or "plur" in p.tag)):
            return p
    return None


def _is_group_noun(tok: Tok) -> bool:
    parse = _group_parse(tok)
    return parse is not None and "Apro" not in parse.tag and "Anum" not in parse.tag


def noun_of_measure(reading: Reading, ctx: MetricContext) -> Optional[str]:
    """ "зона площадью 4 млрд кв. км", "с тепловым пакетом 15 Вт", "с пропускной способностью до 60
    Гбайт/с": a noun in the instrumental right before a figure names what it measures."""
    toks = ctx.toks
    k = _skip_qualifier_words(toks, _start_token(toks, reading), reading.is_change) - 1
    if k < 0 or not toks[k].is_word or ctx.masks.overlaps(toks[k].start, toks[k].stop) or \
            ctx.names.overlaps(toks[k].start, toks[k].stop):
        return None
    parses = morph.parse(toks[k].low)
    if not parses or parses[0].tag.POS != "NOUN" or "ablt" not in parses[0].tag or "Pltm" in parses[0].tag:
        return None
    if reading.counted:
        return None         # "с 16 очками", "280 голосами": things counted, not a measure
    phrase = noun_phrase(toks, _adjectives_start(toks, k), k + 1, ("ablt",), ctx)
    return phrase[0] if phrase else None


def noun_in_apposition(reading: Reading, ctx: MetricContext) -> Optional[str]:
    """ "земельный участок 16,5 гектаров", "экипаж 11 человек": a figure right after a noun in the
    nominative, with no verb between, is that noun's size; so is a measure after a noun and its
    bound, in any case ("в весовой категории до 68 кг", "зарплаты от 50 тысяч рублей")."""
    toks = ctx.toks
    start = _start_token(toks, reading)
    if _qualifier_verb(toks, reading) is not None:
        return None     # "курс доллара превысил 100 рублей": the figure hangs on the verb
    k = _skip_qualifier_words(toks, start, reading.is_change) - 1
    if (k >= 0 and not reading.is_change and toks[k].is_word and metric_nouns().get(lemma(toks[k])) is False
            and lemma(toks[k]) not in _AMOUNT_GLUE and _in_prepositional_phrase(toks, k, _MANNER_PREPOSITIONS)
            and any(p.tag.POS == "NOUN" and p.tag.case in ("loct", "ablt") for p in morph.parse(toks[k].low))
            and not ctx.names.overlaps(toks[k].start, toks[k].stop)):
        # "на скорости 140 км/ч", "в радиусе 5,5 км", "с населением 30 тысяч человек": a measure's
        # noun right before the figure, in the case a place or a manner takes (not "в размере",
        # which glues an amount to the noun before it, nor "в числе" of a count)
        return _metric_word(best(toks[k]))
    if k + 1 < start and not reading.counted and reading.kind in ("quantity", "money") and k >= 0 and k not in ctx.units and \
            toks[k].is_word and pos(toks[k]) == "NOUN" and not _in_prepositional_phrase(toks, k) \
            and not ctx.masks.overlaps(toks[k].start, toks[k].stop) and not ctx.names.overlaps(toks[k].start, toks[k].stop):
        phrase = noun_phrase(toks, _adjectives_start(toks, k), k + 1, _ALL_CASES, ctx)
        if phrase is not None:
            return phrase[0]
    if k < 0 or reading.is_change or reading.num.words or reading.counted or not toks[k].is_word or \
            ctx.masks.overlaps(toks[k].start, toks[k].stop) or ctx.names.overlaps(toks[k].start, toks[k].stop) \
            or toks[k].stop == toks[k + 1].start:
        return None     # "кавалер двух орденов", "тела 14 пограничников": a count after a noun depends on it
    parses = morph.parse(toks[k].low)
    if not parses or parses[0].tag.POS != "NOUN" or not any("nomn" in p.tag for p in parses if p.tag.POS == "NOUN") \
            or _in_prepositional_phrase(toks, k):
        return None
    phrase = noun_phrase(toks, _adjectives_start(toks, k), k + 1, ("nomn",), ctx)
    return phrase[0] if phrase else None


def noun_before_amount(reading: Reading, ctx: MetricContext) -> Optional[str]:
    """ "при выручке в 5,8 млн долларов", "с перевесом в один голос", "штраф в размере 500 тысяч":
    an amount in "в N" right after a noun is that noun's amount."""
    toks = ctx.toks
    k = _skip_qualifier_words(toks, _start_token(toks, reading))
    if k > 2 and toks[k - 1].is_word and lemma(toks[k - 1]) in _AMOUNT_GLUE and toks[k - 2].low in ("в", "во", "на"):
        noun = k - 3        # "штрафом в размере до 500 тысяч": the noun before the glue
    elif k > 1 and (toks[k - 1].low in ("в", "во") or (toks[k - 1].low == "на" and reading.kind == "money"
                                                          and not reading.is_change)
                    or (toks[k - 1].low == "из" and reading.counted)):
        noun = k - 2        # "кредит на 17 млрд рублей", "экипаж из 11 моряков"
        if toks[noun].is_word and lemma(toks[noun]) in _AMOUNT_GLUE and noun > 1 and \
                toks[noun - 1].low in ("в", "во", "на"):
            noun -= 2       # "на сумму в 15 млрд"
    else:
        return None
    if noun < 0:
        return None
    head = _head_before_phrase(toks, noun)
    if head is not None:
        # "среднегодовую цену на российскую нефть в 60 долларов": the noun the phrase hangs on
        phrase = noun_phrase(toks, _adjectives_start(toks, head), noun + 1, _ALL_CASES, ctx)
        if phrase is not None and lemma(toks[head]) in metric_nouns():
            return phrase[0]
    if not toks[noun].is_word or pos(toks[noun]) != "NOUN" or ctx.names.overlaps(toks[noun].start, toks[noun].stop):
        return None
    if toks[noun + 1].low == "из" and lemma(toks[noun]) not in load_set("group_nouns"):
        return None         # "участников из 13 стран": where they come from
    if lemma(toks[noun]) not in metric_nouns() and (reading.counted or reading.kind == "money") \
            and toks[noun + 1].low != "из":
        return None         # "купюра в 20 долларов", "поправки в 22 закона": a thing, not its measure
    if change_word(toks[noun]) is not None:
        return None         # "рост в 1,5 раза": the change, not the thing
    if reading.counted and _only_oblique(toks[reading.unit_last]):
        return None         # "доли в 11 компаниях": a place, not an amount
    return " ".join(_adjectives_before(toks, noun) + [_metric_word(best(toks[noun]))])


def _head_before_phrase(toks: list[Tok], noun: int) -> Optional[int]:
    """The noun before the preposition that governs the noun at `noun` ("цену на нефть")."""
    j = _adjectives_start(toks, noun) - 1
    if j < 1 or toks[j].low not in _PHRASE_PREPOSITIONS:
        return None
    head = j - 1
    return head if toks[head].is_word and pos(toks[head]) == "NOUN" else None


def _only_oblique(tok: Tok) -> bool:
    return not any(p.tag.POS == "NOUN" and ("accs" in p.tag or "gent" in p.tag or "nomn" in p.tag)
                   for p in morph.parse(tok.low))


def _skip_qualifier_words(toks: list[Tok], k: int, change: bool = False) -> int:
    """The first token of the figure's qualifier ("более чем в 200 млрд" -> "более")... moved back
    over it, so that what stands before the qualifier is looked at."""
    # before a change, "меньше" in "был меньше на 13%" is its direction, no qualifier
    while k > 0 and toks[k - 1].low in qualifier_words() and not (change and change_word(toks[k - 1]) is not None):
        k -= 1
    return k


def change_noun_of(reading: Reading, ctx: MetricContext) -> Optional[str]:
    """ "рост цен на 5%", "об увеличении лимита до 600 тысяч рублей": a noun of change names the
    thing that changed in the genitive after it."""
    toks = ctx.toks
    first = _skip_qualifier_words(toks, _start_token(toks, reading))
    floor = _clause_start(toks, first, ctx)
    for k in range(first - 1, max(floor, first - VERB_REACH) - 1, -1):
        tok = toks[k]
        if not tok.is_word:
            continue
        if pos(tok) in ("VERB", "INFN"):
            return None
        if pos(tok) == "NOUN" and change_word(tok) is not None:
            phrase = noun_phrase(toks, k + 1, first, ("gent",), ctx)
            between = [t for t in toks[phrase[1] + 1:first] if not ctx.masks.overlaps(t.start, t.stop)] \
                if phrase else []
            if phrase is None or len(between) > 3:
                return None     # the figure is no part of this change: "изменение генов … с тремя родителями"
            return phrase[0]
    return None


def governing_verb(reading: Reading, ctx: MetricContext) -> Optional[str]:
    """The subject or the object of the verb the figure hangs on: "импорт из КНР составил",
    "цены на Audi вырастут на 5%", "снизить цены на авиабилеты на 25%", "довести товарооборот до"."""
    toks = ctx.toks
    verb = _qualifier_verb(toks, reading)
    if verb is not None:
        return _subject_of(toks, verb, ctx)     # "курс доллара превысил 100 рублей"
    first = _skip_qualifier_words(toks, _start_token(toks, reading), reading.is_change)
    found = _verb_of(toks, first, reading, ctx)
    if found is None:
        return None
    v, role = found
    if role == "object":
        return _object_of(toks, v, first, ctx)
    return _subject_of(toks, v, ctx)


def _qualifier_verb(toks: list[Tok], reading: Reading) -> Optional[int]:
    """A verb among the qualifier's words before the figure ("превысил", "не превысит"): the
    verb the figure hangs on, whose subject it measures."""
    start = _start_token(toks, reading)
    first = _skip_qualifier_words(toks, start, reading.is_change)
    return next((k for k in range(first, start) if toks[k].is_word and pos(toks[k]) == "VERB"), None)


def _verb_role(tok: Tok) -> Optional[str]:
    """How a verb names what is measured: "subject", "object", or None for other verbs."""
    parse = next((p for p in morph.parse(tok.low) if p.tag.POS in ("VERB", "INFN", "PRTS", "GRND", "COMP")), None)
    if parse is None:
        return None
    if parse.tag.POS == "COMP":
        # "портфель был меньше на 13%": a comparative of change compares its subject
        return "subject" if change_word(tok) is not None else None
    lem = parse.normal_form.replace("ё", "е")
    if lem in level_verbs():
        return level_verbs()[lem]
    if lem not in change_words() or change_words()[lem][1]:
        return None     # not a verb of change, or one that takes the change as its object
    if parse.tag.POS == "PRTS" or "intr" in parse.tag:
        return "subject"    # "цены выросли", "глубина увеличена"
    return "object"


def _verb_of(toks: list[Tok], first: int, reading: Reading, ctx: MetricContext) -> Optional[tuple[int, str]]:
    """(index, role) of the verb the figure at token `first` hangs on: the nearest verb before it in
    its clause, else one right after it ("почти вдвое увеличил")."""
    for k in _words_back(toks, first - 1, _clause_start(toks, first, ctx), VERB_REACH):
        tok = toks[k]
        if tok.is_word and pos(tok) in ("VERB", "INFN", "PRTS", "GRND", "COMP"):
            role = _verb_role(tok)
            if role is None:
                return None     # the figure hangs on a verb that names no measure ("получить")
            return k, role
    if not reading.is_change:
        return None     # only a change comes before its verb: "почти вдвое увеличил"
    for k in range(reading.unit_last + 1, min(len(toks), reading.unit_last + 3)):
        tok = toks[k]
        if not tok.is_word:
            break
        if pos(tok) in ("VERB", "INFN", "PRTS", "COMP"):
            role = _verb_role(tok)
            return (k, role) if role else None
    return None


def _words_back(toks: list[Tok], k: int, floor: int, reach: int):
    """Token indices from k back to floor, `reach` steps at most; words in brackets and
    asides are passed over, not counted."""
    steps = 0
    while k >= floor and steps < reach:
        steps += 1
        if toks[k].text == ")":
            k = _opening_bracket(toks, k) - 1
        elif toks[k].text == ",":
            k = _before_aside(toks, k, floor)
        else:
            yield k
            k -= 1


def _opening_bracket(toks: list[Tok], k: int) -> int:
    depth = 0
    for j in range(k, -1, -1):
        if toks[j].text == ")":
            depth += 1
        elif toks[j].text == "(":
            depth -= 1
            if depth == 0:
                return j
    return k


def _clause_start(toks: list[Tok], i: int, ctx: MetricContext) -> int:
    """First token of the clause holding token i: after a stop sign, a colon, or a comma that opens
    a new clause ("…, а экспорт", "…, что"). A comma before a relative clause does not end it
    ("стоимость которых составляет"), nor does a dash, which often stands for a left-out verb
    ("в 2017 году — 1809 рублей")."""
    for k in range(i - 1, -1, -1):
        tok = toks[k]
        if _stops_at(toks, k):
            return k + 1
        if tok.text == "," and k + 1 < len(toks) and toks[k + 1].low in _CLAUSE_OPENERS:
            return k + 1
    return 0


def _subject_of(toks: list[Tok], v: int, ctx: MetricContext) -> Optional[str]:
    """The noun phrase in the nominative before verb v that agrees with it, outside prepositional
    phrases: "импорт из КНР составил" -> "импорт из КНР"."""
    verb = next((p for p in morph.parse(toks[v].low) if p.tag.POS in ("VERB", "PRTS", "INFN", "GRND")), None)
    fallback = None
    for k in _words_back(toks, v - 1, _clause_start(toks, v, ctx), SUBJECT_REACH):
        tok = toks[k]
        if not tok.is_word or ctx.names.overlaps(tok.start, tok.stop) or ctx.masks.overlaps(tok.start, tok.stop) \
                or k in ctx.units:
            continue    # "в 500 раз больше": the figure's own unit is no subject
        parses = morph.parse(tok.low)
        if any(p.tag.POS in _PRONOUN_POS for p in parses[:1]):
            return None         # "он составил": who it is, the pronoun does not say here
        if lemma(tok) == "который" and any("nomn" in p.tag for p in parses[:1]):
            # "об инфляции, которая должна замедлиться": the word it stands for, whatever its case
            j = _before_comma(toks, k)
            if j >= 0 and toks[j].is_word and pos(toks[j]) == "NOUN" and not ctx.names.overlaps(toks[j].start, toks[j].stop):
                phrase = noun_phrase(toks, _adjectives_start(toks, j), j + 1, _ALL_CASES, ctx)
                return phrase[0] if phrase else None
            return None
        noun = next((p for p in parses if p.tag.POS == "NOUN" and "nomn" in p.tag and _agrees_with_verb(p, verb)),
                    None)
        if noun is not None and parses[0].tag.POS == "NOUN" and not _in_prepositional_phrase(toks, k):
            if not _depends_on_noun(toks, k, parses, ctx):
                phrase = noun_phrase(toks, _adjectives_start(toks, k), v, ("nomn", "accs"), ctx)
                return phrase[0] if phrase else None
            # "цены на ряд компании вырастут": a genitive after a noun, unless nothing better comes
            fallback = fallback if fallback is not None else k
    if fallback is not None:
        phrase = noun_phrase(toks, _adjectives_start(toks, fallback), v, ("nomn", "accs"), ctx)
        return phrase[0] if phrase else None
    return None


def _before_aside(toks: list[Tok], comma: int, floor: int) -> int:
    """The token before ", которые могут приобретаться по ставке," when the comma at `comma` closes
    a relative clause or an aside; else the token before the comma."""
    for j in range(comma - 1, max(floor, comma - SUBJECT_REACH) - 1, -1):
        if toks[j].text == ",":
            opener = toks[j + 1] if j + 1 < comma else None
            if opener is not None and (opener.low in _PARENTHETICAL or lemma(opener) == "который"):
                return j - 1
            break
    return comma - 1


def _before_comma(toks: list[Tok], k: int) -> int:
    return k - 2 if k > 1 and toks[k - 1].text == "," else k - 1


def _agrees_with_verb(noun, verb) -> bool:
    if verb is None or verb.tag.POS in ("INFN", "GRND"):
        return True
    number = verb.tag.number
    if number and noun.tag.number and number != noun.tag.number:
        return False
    gender = verb.tag.gender
    return not (gender and number == "sing" and noun.tag.gender and noun.tag.gender != gender
                and "ms-f" not in noun.tag)


def _depends_on_noun(toks: list[Tok], k: int, parses, ctx: MetricContext) -> bool:
    """A word that can be a genitive right after a noun is that noun's dependent ("цены на ряд
    компании"): "компании" is no subject, whatever its other readings. A date is no such noun."""
    first = _adjectives_start(toks, k)
    if first < k and any("nomn" in p.tag for p in morph.parse(toks[first].low)):
        return False    # "года потребительские цены": an adjective in the nominative opens a new phrase
    j = first - 1
    return j >= 0 and toks[j].is_word and pos(toks[j]) == "NOUN" and not ctx.masks.overlaps(toks[j].start, toks[j].stop) \
        and any(p.tag.POS == "NOUN" and "gent" in p.tag for p in parses)


def _in_prepositional_phrase(toks: list[Tok], k: int, prepositions: Optional[set] = None) -> bool:
    """The noun at k follows a preposition (of `prepositions`, when given), over its adjectives."""
    j = k - 1
    # past adjectives, and an adverb only of one ("в крайне тяжёлом"): "На сегодня стоимость" is no phrase
    while j >= 0 and toks[j].is_word and (pos(toks[j]) in ("ADJF", "PRTF", "NUMR") or (
            pos(toks[j]) == "ADVB" and j + 1 < k and pos(toks[j + 1]) in ("ADJF", "PRTF"))):
        j -= 1
    if prepositions is not None:
        return j >= 0 and toks[j].low in prepositions
    return j >= 0 and toks[j].is_word and pos(toks[j]) == "PREP"


def _adjectives_start(toks: list[Tok], k: int) -> int:
    j = k
    while j > 0 and toks[j - 1].is_word and pos(toks[j - 1]) in ("ADJF", "PRTF") and k - j < 3 \
            and "Apro" not in best(toks[j - 1]).tag:
        j -= 1
    return j


def _object_of(toks: list[Tok], v: int, first: int, ctx: MetricContext) -> Optional[str]:
    """The accusative noun phrase after verb v, before the figure ("снизить цены на 25%"), or after
    both when the figure comes first ("вдвое увеличил лимит")."""
    stop = first if first > v else len(toks)
    for k in range(v + 1, min(stop, v + 1 + PHRASE_WORDS)):
        tok = toks[k]
        if ctx.masks.overlaps(tok.start, tok.stop):
            continue            # "снижает с 8 июля норматив"
        if not tok.is_word:
            if tok.text in ",;:":
                return None
            continue
        parses = morph.parse(tok.low)
        if parses and parses[0].tag.POS == "PREP" and k + 1 < len(toks) and \
                ctx.masks.overlaps(toks[k + 1].start, toks[k + 1].stop):
            continue
        if parses and parses[0].tag.POS in _PRONOUN_POS:
            return None         # "довести его до 50 млрд"
        if parses and parses[0].tag.POS == "PREP":
            return None
        if any(p.tag.POS in ("NOUN", "ADJF", "PRTF") and "accs" in p.tag for p in parses):
            phrase = noun_phrase(toks, k, stop, ("accs",), ctx)
            return phrase[0] if phrase else None
    return None


def noun_phrase(toks: list[Tok], k: int, stop: int, cases: tuple[str, ...],
                ctx: MetricContext) -> Optional[tuple[str, int]]:
    """(lemma phrase, last index) of the noun phrase at token k, in one of `cases`: its adjectives
    and its noun, then what hangs on the noun: a genitive chain ("скорость движения транспорта"),
    a name ("автомобилей Audi"), a phrase with a preposition ("импорт из КНР"), nouns joined by
    "и" ("декораций и оборудования"). None when no noun comes."""
    words: list[str] = []
    last = None         # the last noun taken
    settled = None      # `last` before a preposition, in case what follows it is no noun phrase
    head_cases = cases
    j = k
    while j < min(stop, len(toks)) and len(words) < PHRASE_WORDS:
        tok = toks[j]
        if not tok.is_word or ctx.masks.overlaps(tok.start, tok.stop):
            break
        if last is not None and _is_name(tok, ctx) and (tok.text.isascii() or _case_word(tok, ("gent",))):
            words.append(tok.text)      # "автомобилей Audi", "затраты Почты России"
            last, j = j, j + 1
            continue
        if last is not None and tok.low == "и" and j + 1 < stop and _case_word(toks[j + 1], head_cases):
            words.append("и")
            j += 1
            continue
        if last is not None and tok.low in _PHRASE_PREPOSITIONS and j + 1 < stop \
                and toks[j + 1].low not in _PHRASE_ENDS:
            words.append(tok.low)       # "импорт из КНР", "цены на нефть"
            settled, last = last, None
            head_cases = ("gent", "accs", "datv", "loct", "ablt")
            j += 1
            continue
        if tok.is_word and pos(tok) == "ADVB" and j + 1 < stop and toks[j + 1].is_word and \
                pos(toks[j + 1]) in ("ADJF", "PRTF") and _case_word(toks[j + 1], head_cases if last is None else ("gent",)):
            words.append(tok.low)       # "дистанционно управляемой техники"
            j += 1
            continue
        parse = _case_word(tok, head_cases if last is None else ("gent",), determiners=settled is not None)
        if parse is None:
            if last is None and _is_abbreviation(tok):
                words.append(tok.text)
                last, j = j, j + 1
                continue
            break
        if "Apro" in parse.tag:
            words.append(parse.normal_form)
        else:
            words.append(tok.text if parse.tag.POS == "NOUN" and tok.text.isupper() else _metric_word(parse))
        if parse.tag.POS == "NOUN":
            last, settled = j, None
            head_cases = ("gent",)
        j += 1
    last = last if last is not None else settled
    if last is None:
        return None
    return " ".join(words[:last - k + 1]), last      # one word a token; what follows the last noun is left out


_PHRASE_PREPOSITIONS = {"из", "на", "от", "для", "по"}
_ALL_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_PHRASE_ENDS = {"сравнению", "сравнении", "итогам", "данным", "словам", "мнению", "оценке", "состоянию", "итогу"}


def _case_word(tok: Tok, cases: tuple[str, ...], determiners: bool = False):
    """The parse of a noun, adjective or participle in one of `cases`, if it has one; a
    determiner ("весь", "этот") only where asked (inside a phrase with a preposition)."""
    parses = morph.parse(tok.low) if tok.is_word and len(tok.text) > 1 else ()
    if not parses or parses[0].tag.POS in ("PREP", "CONJ", "PRCL", "INTJ", "NPRO"):
        return None
    if any("Apro" in p.tag for p in parses):
        pronoun = next((p for p in parses if "Apro" in p.tag and any(c in p.tag for c in cases)), None)
        return pronoun if determiners else None
    for p in parses:
        if p.tag.POS in ("NOUN", "ADJF", "PRTF") and any(c in p.tag for c in cases) and \
                not {"Apro", "Anum"} & p.tag.grammemes:
            return p
        if p.tag.POS == "NOUN" and "Fixd" in p.tag:
            return p
    return None


def _is_name(tok: Tok, ctx: MetricContext) -> bool:
    """A word that is part of a name: Latin ("Audi") or a capitalised word inside an entity mention."""
    return tok.is_word and tok.text[:1].isupper() and \
        (bool(re.match("[A-Za-z]{2}", tok.text)) or ctx.names.overlaps(tok.start, tok.stop))


def metric_noun(reading: Reading, ctx: MetricContext) -> Optional[str]:
    """The nearest noun of metric_nouns.txt before the figure; a count of things of its own
    ("11 крупных компаниях") takes one only when it is a number of things ("число поездов")."""
    toks = ctx.toks
    first = _start_token(toks, reading)
    found = find_metric(toks, first, 0)
    if found is None:
        return None
    phrase, k = found
    if reading.counted and not reading.is_change and phrase.split()[0] not in _COUNT_HEADS:
        return None
    if _in_prepositional_phrase(toks, k, _SOURCE_PREPOSITIONS):
        return None     # "из бюджета выделено 1,3 млрд": where the money comes from
    if k in ctx.units:
        return None     # "280 голосами против 48": the unit of another figure
    if any(t.is_word and pos(t) in ("VERB", "INFN") and _verb_role(t) is None for t in toks[k + 1:first]):
        return None     # "бюджет может получить 298 млрд": the figure is what another verb acts on
    return phrase


_COUNT_HEADS = {"число", "количество", "доля"}
_MANNER_PREPOSITIONS = {"на", "в", "во", "с", "со", "при"}     # "на скорости", "в радиусе", "с населением"
_SOURCE_PREPOSITIONS = {"из", "от", "для", "у", "в", "во", "на", "к"}

METRIC_RULES = (share_after_percent, bracketed_figure, noun_before_dash, noun_of_measure, noun_in_apposition,
                noun_before_amount, change_noun_of, governing_verb, measured_after_unit, metric_noun)


_COMPARISON = re.compile(r"(?:сравнению|сравнении|против|чем|относительно)\s+(?:с\s+|со\s+)?(?:\S+\s+){0,1}$", re.I)


# ---------------------------------------------------------------- period rules
#
#   comparison_base     "по сравнению с 2013 годом", "аналогичный период прошлого года": never a period
#   date_of_saying      "…, заявил министр во вторник": the date of the speech, not of the figure
#   other_brackets      "(по итогам 2014 года)": a date in brackets the figure is not in
#   own_clause          a date in the figure's clause wins over one in another clause
#                       ("1,1% ВВП по итогам года, …, во вторник"); unresolved there, no period
#   nearest             else the nearest date of the sentence

# a new clause: after a semicolon, a colon, a bracket, or a comma before a conjunction that opens
# one (a dash often stands for a left-out verb: "в 2017 году — 1809 рублей")
_CLAUSE_BREAK = re.compile(r"[;:()]|,\s*(?=(?:а|но|однако|когда|что|притом|хотя|если|пока|тогда как)\b)", re.I)


class PeriodDates:
    """The date mentions of a sentence that can be a period, in text order, with the clauses of
    the sentence; they do not overlap, so the nearest one to a figure is found by bisection."""

    def __init__(self, dates: list[DateMention], text: str, sent: Optional[Sent] = None,
                 brackets: Optional["Brackets"] = None):
        if brackets is None and sent is not None:
            brackets = Brackets(sent.text)
        self.offset = sent.start if sent is not None else 0
        self.brackets = brackets
        self.mentions = [m for m in dates if not _is_comparison_base(m, text) and not _date_of_saying(m, text, sent)]
        self.stops = [m.span.stop for m in self.mentions]
        self.starts = [m.span.start for m in self.mentions]
        self.text = text
        self.breaks = [self.offset + m.start() for m in _CLAUSE_BREAK.finditer(sent.text)] if sent is not None else []

    def clause(self, offset: int) -> int:
        """The number of the clause holding `offset`."""
        return bisect_right(self.breaks, offset)

    def _in_other_brackets(self, mention: DateMention, start: int) -> bool:
        if self.brackets is None:
            return False
        inside = self.brackets.encloses(mention.span.start - self.offset)
        return inside and not self.brackets.encloses(start - self.offset)

    def nearest(self, start: int, stop: int) -> Optional[DateMention]:
        """The mention of the figure's own clause closest to text[start:stop] (the one before it on a
        tie), else the closest resolved one of the sentence outside other brackets."""
        clause = self.clause(start)
        lo = self.breaks[clause - 1] if clause else -1
        hi = self.breaks[clause] if clause < len(self.breaks) else float("inf")
        a, b = bisect_left(self.starts, lo), bisect_left(self.starts, hi)    # the clause's mentions
        if a < b:
            k = bisect_right(self.stops, start)
            before = self.mentions[min(k, b) - 1] if min(k, b) - 1 >= a else None
            after = self.mentions[max(k, a)] if max(k, a) < b else None
            if before is not None and after is not None:
                # "в 2011 году до 6-7%, в 2012 году - до 5-6%", "5,5% в 2011 году, 4,5% в 2012 году":
                # the date on the figure's side of a comma goes with it
                comma_before = "," in self.text[before.span.stop:start]
                comma_after = "," in self.text[stop:after.span.start]
                if comma_before != comma_after:
                    return after if comma_before else before
            if before is None or (after is not None and _gap(self.text, stop, after.span.start) <
                                  _gap(self.text, before.span.stop, start)):
                return after
            return before
        for mention in self._around(start, stop):
            if not self._in_other_brackets(mention, start):
                return mention
        return None

    def _around(self, start: int, stop: int):
        """The mentions by distance from the figure, nearest first (the one before on a tie)."""
        k = bisect_right(self.stops, start)     # mentions[:k] end before the figure starts
        i, j = k - 1, k
        while i >= 0 or j < len(self.mentions):
            before = self.mentions[i] if i >= 0 else None
            after = self.mentions[j] if j < len(self.mentions) else None
            if before is None or (after is not None and after.span.start - stop < start - before.span.stop):
                yield after
                j += 1
            else:
                yield before
                i -= 1


def _gap(text: str, start: int, stop: int) -> int:
    """Characters between a figure and a date; a lone preposition ("4-5% в 2013 году") counts as none."""
    between = text[start:stop]
    return 0 if between.strip().lower() in ("в", "во", "за", "на", "к", "до", "по", "с") else len(between)


def _resolved(mention: DateMention) -> bool:
    return mention.start is not None or mention.end is not None


def _is_comparison_base(mention: DateMention, text: str) -> bool:
    """A comparison base ("по сравнению с 2013 годом"), or a year that is part of a name ("Игр-2012")."""
    start = mention.span.start
    if start > 1 and text[start - 1] in "-‐" and text[start - 2].isalpha():
        return True
    before = text[max(0, mention.span.start - 30):mention.span.start]
    return bool(_COMPARISON.search(before)) or \
        mention.span.text.lower().startswith(("аналогичн", "тем же", "тот же"))


@cache
def speech_verbs() -> frozenset[str]:
    return frozenset(row[0] for row in load_table("speech_verbs"))


def _date_of_saying(mention: DateMention, text: str, sent: Optional[Sent]) -> bool:
    """A date between the commas of an attribution ("…, заявил министр во вторник", "сообщил в
    среду министр, что …") dates the saying."""
    if sent is None:
        return False
    lo = max(text.rfind(",", sent.start, mention.span.start), sent.start)
    hi = text.find(",", mention.span.stop, sent.stop)
    hi = sent.stop if hi < 0 else hi
    after = text[hi:hi + 8].lower()
    if text[lo] != "," and not re.match(r",\s*что\b|:", after) and text[hi - 1:hi] != ":":
        return False    # "В 2017 году власти объявили два тендера": the clause of the figure itself
    words = re.findall(r"[а-яё]+", text[lo:hi].lower())
    return any(lem in speech_verbs() for word in words for lem in word_lemmas(word))


def find_period(reading: Reading, dates: PeriodDates, text: str) -> Optional[Period]:
    """The period of a figure: the date mention its rules choose, read with the word before it."""
    best_date = dates.nearest(reading.start, reading.stop)
    if best_date is None or not _resolved(best_date):
        return None
    start, end = best_date.start, best_date.end
    words = text[max(0, best_date.span.start - 25):best_date.span.start].lower().split()
    prep = words[-1] if words else ""
    if prep in _PART_WORDS and len(words) > 1:
        prep = words[-2]    # "к концу 2009 года", "с начала года"
    is_range = re.search(r"\sпо\s|[-–—]", best_date.span.text) is not None
    if prep in ("с", "со") and not is_range:
        end = None
    elif prep in ("к", "на", "до", "по") and not is_range:
        start = None
    span = best_date.span
    return Period(start=start, end=end, span=span)


_PART_WORDS = {"концу", "началу", "середине", "исходу", "начала", "середины", "конца"}


def between_countries(doc: Doc) -> list[str]:
    """Ids of the two countries an article is about (the most mentioned), if it names two."""
    countries = load_set("countries")
    places = [e for e in doc.entities if e.type == "LOC" and e.name.lower() in countries]
    places.sort(key=lambda e: -len(e.mentions))
    if len(places) < 2 or (len(places) > 2 and len(places[1].mentions) == len(places[2].mentions)):
        return []
    return [places[0].id, places[1].id]


_BILATERAL = re.compile(r"между\s+(?:двумя\s+|нашими\s+|обеими\s+)?(?:странами|государствами)|двусторонн|обеих\s+стран",
                        re.I)


# ---------------------------------------------------------------- the stage

@dataclass
class DocIndex:
    """A document's date mentions and name spans, to take each sentence's share by bisection."""
    dates: BySentence
    names: BySentence


def index_doc(doc: Doc) -> DocIndex:
    names = [(m.start, m.stop) for e in doc.entities if e.type in ("ORG", "LOC", "PER") for m in e.mentions]
    return DocIndex(dates=BySentence(doc.dates, lambda d: d.span.start), names=BySentence(names, lambda n: n[0]))


def sentence_figures(doc: Doc, sent: Sent, previous: Optional[Reading], pair: list[str],
                     index: Optional[DocIndex] = None) -> tuple[list[Figure], Optional[Reading]]:
    """Figures of one sentence, and its last figure with a unit (the next sentence may need it).

    `index` is `index_doc(doc)`, built once for all the sentences of a document."""
    if not may_hold_number(sent.text):
        return [], None
    text = doc.text
    index = index or index_doc(doc)
    toks = tokenize(sent.text, sent.start)
    dates = index.dates.within(sent)
    masks = Intervals(masked_spans(sent, dates))
    names = Intervals(index.names.within(sent))
    readings: list[Reading] = []
    brackets = Brackets(sent.text)
    read: list[Reading] = []
    for num in scan_numbers(toks, text):
        if read and num.start < read[-1].stop:
            continue    # the "169 метров" of "82 километра 169 метров"
        reading = read_number(num, toks, text)
        add_compound(reading, toks, text)
        reading.in_brackets = brackets.encloses(reading.start - sent.start)
        mark_change(reading, toks)
        read.append(reading)
    drop_lists_of_durations(read, toks)
    readings = [r for r in read if not not_a_figure(r, toks, text, masks, names)]
    if not readings:
        return [], None
    context = MetricContext(toks, names, masks,
                            frozenset(k for r in readings for k in range(r.num.first, r.unit_last + 1)))
    for reading in readings:
        find_measured(reading, context)
    inherit_units(readings, previous)
    name_left_out_nouns(readings)
    for reading in readings:
        floor = 0
        reading.qualifier, _ = qualifier_before(toks, _start_token(toks, reading), floor, reading.counted)
        if reading.qualifier == "exact" and reading.is_change:
            # "на величину порядка 25%": the qualifier stands inside the change's words
            reading.qualifier, _ = qualifier_before(toks, reading.num.first, floor, reading.counted)
        if reading.qualifier == "exact":
            reading.qualifier = qualifier_after(toks, reading.unit_last)
        if reading.num.value_max is not None:
            reading.qualifier = "exact"
    readings = join_unit_ranges(readings, toks)
    share_qualifier_with_conversion(readings, toks)
    attach_changes(readings, toks)
    subjects = pair if pair and _BILATERAL.search(sent.text) else []
    periods = PeriodDates(dates, text, sent, brackets)
    figures = []
    for reading in readings:
        if reading.is_change and reading.attached:
            continue
        figures.append(_to_figure(reading, context, text, periods, subjects))
    figures = carry_metric_over_lists(figures, text)
    # what the next sentence may take a left-out unit from: not a conversion in brackets
    return figures, _last_with_unit([r for r in readings if not r.in_brackets])


def join_unit_ranges(readings: list[Reading], toks: list[Tok]) -> list[Reading]:
    """ "от 1,4 миллиарда долларов до 100,3 миллиарда долларов": one range, each end with its unit
    ("с X до Y" stays two figures: a change of level)."""
    out: list[Reading] = []
    for reading in readings:
        low = out[-1] if out else None
        if low is not None and low.num.value_max is None and reading.num.value_max is None \
                and low.kind == reading.kind and low.unit == reading.unit and low.kind in ("money", "quantity", "percent") \
                and not (low.is_change or reading.is_change) and low.num.first > 0 \
                and toks[low.num.first - 1].low == "от" \
                and [t.low for t in toks[low.unit_last + 1:reading.num.first]] == ["до"] \
                and low.num.value < reading.num.value:
            low.num.value_max = reading.num.value
            low.stop, low.unit_last = reading.stop, reading.unit_last
            low.qualifier = "exact"
            continue
        out.append(reading)
    return out


def share_qualifier_with_conversion(readings: list[Reading], toks: list[Tok]) -> None:
    """ "до 800 миллиардов юаней (123 миллиарда долларов)": an amount converted in brackets keeps
    the main amount's qualifier."""
    for main, conversion in zip(readings, readings[1:]):
        if conversion.in_brackets and not main.in_brackets and conversion.qualifier == "exact" \
                and main.kind == conversion.kind == "money" and not main.is_change \
                and [t.text for t in toks[main.unit_last + 1:conversion.num.first]] == ["("]:
            conversion.qualifier = main.qualifier


_OPENING, _CLOSING = re.compile(r"\("), re.compile(r"\)")


_LIST_ITEM = re.compile(r",\s*(?:а\s+|и\s+)?(?:[^\s,.;:]+\s+){0,3}[—–-]\s+(?:до\s+|около\s+|на\s+)?$")


def carry_metric_over_lists(figures: list[Figure], text: str) -> list[Figure]:
    """ "цена нефти в 60 долларов, второй - 75 долларов, третий - 90 долларов", "в 2011 году до 6-7%, в
    2012 году - до 5-6%": an item of a list with its verb left out (a dash) measures what the
    first one did."""
    out: list[Figure] = []
    for figure in figures:
        before = out[-1] if out else None
        if figure.metric is None and before is not None and before.metric and \
                (before.kind, before.unit) == (figure.kind, figure.unit) and \
                _LIST_ITEM.search(text[before.span.stop:figure.span.start]):
            figure = figure.model_copy(update={"metric": before.metric})
        out.append(figure)
    return out


class Brackets:
    """Where the round brackets of a text are: is an offset inside an open one?"""

    def __init__(self, text: str):
        self.opening = [m.start() for m in _OPENING.finditer(text)]
        self.closing = [m.start() for m in _CLOSING.finditer(text)]

    def encloses(self, offset: int) -> bool:
        """The last bracket before `offset` is an opening one."""
        return _last_before(self.opening, offset) > _last_before(self.closing, offset)


def _last_before(positions: list[int], offset: int) -> int:
    k = bisect_left(positions, offset)
    return positions[k - 1] if k else -1


def _start_token(toks: list[Tok], reading: Reading) -> int:
    if reading.is_change and reading.change_start is not None:
        return _first_token(toks, reading.change_start)
    return _first_token(toks, reading.start)


def _to_figure(reading: Reading, context: MetricContext, text: str, dates: PeriodDates,
               subjects: list[str]) -> Figure:
    num = reading.num
    metric = metric_of(reading, context)
    words = metric.split() if metric else []
    heads = [i for i, word in enumerate(words[:3]) if word in ("число", "количество")]
    if (reading.kind is None or reading.inherited) and heads:
        # "число контейнерных поездов превысило 5000": the things counted are the unit
        nouns = [word for word in words[heads[0] + 1:] if morph.has_pos(word, "NOUN") and word.islower()]
        if nouns:
            reading.kind, reading.unit = "quantity", nouns[0]
    period = find_period(reading, dates, text)
    if reading.is_change:
        start = reading.change_start
        change = Change(value=num.value, value_max=num.value_max, unit=_change_unit(reading, reading.unit),
                        direction=reading.direction, span=_span(text, start, reading.stop))
        return Figure(kind="change", value=None, unit=None, qualifier=reading.qualifier,
                      span=_span(text, start, reading.stop), metric=metric, change=change, period=period,
                      subjects=subjects)
    change = None
    if reading.change is not None:
        c = reading.change
        change = Change(value=c.num.value, value_max=c.num.value_max, unit=_change_unit(c, c.unit),
                        direction=c.direction, span=_span(text, c.change_start, c.stop))
    kind = reading.kind if reading.kind in ("money", "percent") else "quantity"
    unit = reading.unit if kind != "quantity" or reading.kind == "quantity" else None
    value, value_max = num.value, num.value_max
    if num.sign == "-":
        # "минус 3 млрд рублей", "минус 10-14 градусов": a level below zero
        value, value_max = -value, (-value_max if value_max is not None else None)
    return Figure(kind=kind, value=value, value_max=value_max, unit=unit, qualifier=reading.qualifier,
                  span=_span(text, reading.start, reading.stop), metric=metric, change=change, period=period,
                  subjects=subjects if kind in ("money", "quantity", "percent") else [])


def _span(text: str, start: int, stop: int) -> Span:
    return Span(start=start, stop=stop, text=text[start:stop])


def extract_figures(doc: Doc) -> None:
    """Fill `doc.figures` with the figures of every analysed sentence.

    Needs `doc.dates` (periods) and `doc.entities` (subjects; empty is fine).
    """
    doc.figures = []
    pair = between_countries(doc)
    index = index_doc(doc)
    previous = None
    recent: dict[Optional[str], tuple[int, Figure]] = {}    # metric -> its last figure with subjects
    for number, sent in enumerate(doc.sents):
        figures, previous = sentence_figures(doc, sent, previous, pair, index)
        for figure in figures:
            figure = carry_subjects(figure, recent, number)
            if figure.subjects:
                recent[figure.metric] = (number, figure)
            doc.figures.append(figure)


def carry_subjects(figure: Figure, recent: dict[Optional[str], tuple[int, Figure]], number: int) -> Figure:
    """The same metric a sentence or two later keeps its subjects ("торговый оборот между странами ...
    торговый оборот составил"). `recent`: metric -> (sentence number, last figure with subjects)."""
    if figure.subjects or not figure.metric or figure.metric not in recent:
        return figure
    sentence, earlier = recent[figure.metric]
    if number - sentence > SUBJECT_SENTENCES:
        return figure
    return figure.model_copy(update={"subjects": list(earlier.subjects)})
