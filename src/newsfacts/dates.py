"""Dates stage: every date expression, its parts as written and its resolved interval.

    "7 июля, 2024"                  -> 2024-07-07
    "сентября 2022 года"            -> 2022-09-01..2022-09-30
    "в январе-марте 2024 года"      -> 2024-01-01..2024-03-31
    "с января по май этого года"    -> published year, 01-01..05-31
    "в первом полугодии 2023 года"  -> 2023-01-01..2023-06-30
    "в среду", "вчера", "накануне"  -> days counted from the publication date

Relative expressions resolve only against `doc.published`; without it they keep
their span and parts, with `start`/`end` None. Works on the sentences alone (no NER,
no syntax), so `Pipeline(extract=("dates",))` runs nothing else.

Matching is two passes: atoms (a day with its month, a month, a year, a quarter, a
weekday ...) found by regular expressions built from the lexicons, then joins
("с сентября 1998 года по май 1999 года", "в среду, 27 марта").
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from typing import Optional

from . import morph
from .doc import Doc
from .lexicons import load_table
from .numbers import Tok, numeral_of
from .records import DateMention, Span

# a far-away month without a year is taken from the year before publication
MONTHS_AHEAD = 6
YEAR_MIN, BARE_YEAR_MIN, BARE_YEAR_MAX = 1000, 1800, 2035


@dataclass
class Atom:
    """A date expression before resolution: text span plus the parts read from it."""
    start: int
    stop: int
    year: Optional[int] = None
    year2: Optional[int] = None
    month: Optional[int] = None
    month2: Optional[int] = None
    day: Optional[int] = None
    day2: Optional[int] = None
    decade: bool = False
    rel_year: Optional[int] = None      # offset from the publication year
    rel_day: Optional[int] = None       # offset from the publication date
    rel_week: Optional[int] = None      # offset from the publication week ("на прошлой неделе")
    rel_month: Optional[int] = None     # offset from the publication month ("в следующем месяце")
    weekday: Optional[int] = None
    quarter: Optional[int] = None
    half: Optional[int] = None
    months_upto: Optional[int] = None   # "за 9 месяцев": January to September
    head: Optional["Atom"] = None       # the first end of a joined range
    kind: str = ""


# ---------------------------------------------------------------- lexicons

def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def month_forms() -> tuple[dict[str, int], dict[str, int]]:
    """({full form: month}, {abbreviation: month})."""
    full, short = {}, {}
    for row in load_table("months"):
        number = int(row[1])
        full.update({form: number for form in row[0].split()})
        if len(row) > 2:
            short.update({form: number for form in row[2].split()})
    return full, short


@cache
def weekday_forms() -> dict[str, int]:
    return {form: int(row[1]) for row in load_table("weekdays") for form in row[0].split()}


def _relative_forms(grammeme_sets) -> dict[str, tuple[int, str]]:
    """Forms of the relative adjectives ("этот", "прошлый" ...) in these grammemes -> (the
    offset, the gender of the form)."""
    forms = {}
    for lemma, offset in load_table("relative_years"):
        for grammemes in grammeme_sets:
            form = morph.inflect(lemma, frozenset(grammemes))
            if form:
                forms.setdefault(form, (int(offset), next(g for g in ("masc", "femn") if g in grammemes)))
    return forms


@cache
def relative_year_forms() -> dict[str, int]:
    """Inflected forms of "этот", "прошлый" ... that stand before "года"/"году"."""
    return {form: offset for form, (offset, _) in _relative_forms(
        (("gent", "sing", "masc"), ("loct", "sing", "masc"), ("nomn", "sing", "masc"),
         ("accs", "sing", "masc", "inan"))).items()}


@cache
def relative_period_forms() -> dict[str, tuple[int, str]]:
    """Forms of "этот", "прошлый" ... that stand before "неделе" (feminine) or "месяце"
    (masculine) -> (the offset, the gender of the form)."""
    return _relative_forms([(case, "sing", gender) + (("inan",) if case == "accs" else ())
                            for gender in ("masc", "femn")
                            for case in ("nomn", "gent", "datv", "accs", "ablt", "loct")])


@cache
def relative_years_by_lemma() -> dict[str, int]:
    return {lemma.replace("ё", "е"): int(offset) for lemma, offset in load_table("relative_years")}


@cache
def relative_days() -> dict[str, int]:
    return {word: int(offset) for word, offset in load_table("relative_days")}


@cache
def ordinal_forms() -> dict[str, int]:
    forms = {}
    for lemma, number in load_table("ordinal_days"):
        for grammemes in (("gent", "sing", "neut"), ("nomn", "sing", "neut"), ("loct", "sing", "masc"),
                          ("nomn", "sing", "masc"), ("gent", "sing", "femn"), ("loct", "sing", "femn"),
                          ("accs", "sing", "femn")):
            form = morph.inflect(lemma, frozenset(grammemes))
            if form:
                forms[form] = int(number)
                forms[form.replace("ё", "е")] = int(number)
    return forms


# ---------------------------------------------------------------- patterns

_YW = r"(?P<yw>\s*(?:года|году|годом|годе|годах|годов|годы|год|гг\.?|г\.?)(?![а-яё]))"
_NOT_BEFORE = r"(?<![\w.,/№\-])(?<!\d:)"  # a colon after a letter is a label: "Категория:29 августа"


@cache
def patterns() -> list[tuple[str, re.Pattern]]:
    full, short = month_forms()
    month, any_month = _alt(full), _alt(list(full) + list(short))
    rel = _alt(relative_year_forms())
    ordinal = _alt(ordinal_forms())
    year_tail = rf"(?:(?:,\s*|\s+)(?P<y>\d{{4}})(?!\d){_YW}?|\s+(?P<rel>{rel})\s+(?:года|году)(?![а-яё]))?"
    flags = re.I
    return [
        ("numeric", re.compile(
            rf"{_NOT_BEFORE}(?P<d>\d{{1,2}})(?P<sep>[./-])(?P<m>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}|\d{{2}})(?![\d]|[./]\d)"
            rf"{_YW}?", flags)),
        ("iso", re.compile(rf"{_NOT_BEFORE}(?P<y>\d{{4}})-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)")),
        ("daymonth", re.compile(
            rf"{_NOT_BEFORE}(?:(?P<d>\d{{1,2}})(?:-?(?:го|е|ое))?|(?:(?P<dt>двадцать|тридцать)\s+)?(?P<dw>{ordinal}))"
            rf"(?:\s*(?:[-–—]|\s(?:по|и|до)\s)\s*(?P<d2>\d{{1,2}})(?:-?(?:го|е))?)?"
            rf"\s+(?P<m>{any_month})\.?(?![а-яё]){year_tail}", flags)),
        ("month", re.compile(
            rf"(?<![а-яё\-])(?P<m>{month})(?:\s*(?:[-–—]|\s(?:по|и)\s)\s*(?P<m2>{month}))?(?![а-яё]){year_tail}",
            flags)),
        ("quarter", re.compile(
            rf"(?<![а-яё])(?P<qn>[а-яё]+|IV|III|II|I|[1-4](?:-?[а-я]{{1,2}})?)\s+(?P<q>квартал|полугоди)[а-яё]*"
            rf"(?:\s+(?P<y>\d{{4}})(?!\d){_YW}?|\s+(?P<rel>{rel})\s+(?:года|году))?", flags)),
        ("halfyear", re.compile(
            rf"(?<![а-яё])(?P<qn>[а-яё]+)\s+половин[аеуы]\s+(?:(?P<y>\d{{4}})(?!\d)(?:-?(?P<dec>х|е|ых|ые)(?![а-яё]))?{_YW}?"
            rf"|(?P<rel>{rel})\s+года)",
            flags)),
        ("months", re.compile(
            rf"(?<![а-яё])за\s+(?:перв[а-яё]+\s+)?(?P<nm>\d{{1,2}}|[а-яё]+)\s+месяц[а-яё]*"
            rf"\s+(?:(?P<y>\d{{4}})(?!\d){_YW}?|(?P<rel>{rel})\s+года)", flags)),
        ("year", re.compile(
            rf"(?<![\w.,:/№])(?<!\d[-‐])(?P<y>(?:1\d|20)\d\d)"
            rf"(?:\s*(?:[-–—/]|\s(?:по|до)\s)\s*(?P<y2>(?:1\d|20)\d\d|\d\d)(?!\d))?"
            rf"(?:-?(?P<dec>х|е|ых|ые|ми|м|й|го|ом)(?![а-яё]))?(?![\d.,:]\d|\d){_YW}?", flags)),
        ("relyear", re.compile(
            rf"(?<![а-яё])(?:(?P<same>аналогичн[а-яё]+|тем\s+же|тот\s+же)\s+период[а-яё]*\s+)?"
            rf"(?P<rel>{rel})\s+(?:года|году|год)(?![а-яё])", flags)),
        ("relperiod", re.compile(
            rf"(?<![а-яё])(?P<radj>{_alt(relative_period_forms())})\s+(?P<unit>недел[яиюеь]|месяц[аеу]?)(?![а-яё])",
            flags)),
        ("weekday", re.compile(
            rf"(?<![а-яё])(?:(?P<wp>в|во|на|с|со|до|по|к|ко)\s+)?(?:(?P<wadj>[а-яё]+[ийяюое])\s+)??"
            rf"(?P<wd>{_alt(weekday_forms())})(?![а-яё])", flags)),
        ("relday", re.compile(rf"(?<![а-яё])(?P<rd>{_alt(relative_days())})(?![а-яё])", flags)),
    ]


# ---------------------------------------------------------------- atoms

@cache
def pattern_needs() -> dict[str, tuple[str, ...]]:
    """For the patterns that need a word, the lower-case pieces one of which a text must
    hold for the pattern to match: most sentences hold none, and are not scanned for it."""
    full, short = month_forms()
    months = tuple(sorted({form[:3] for form in list(full) + list(short)}))
    pieces = {
        "daymonth": months, "month": months,
        "quarter": ("квартал", "полугод"), "halfyear": ("половин",), "months": ("месяц",),
        "relyear": ("год",), "relperiod": ("недел", "месяц"),
        "weekday": tuple(sorted({form[:4] for form in weekday_forms()})),
        "relday": tuple(sorted({word[:4] for word in relative_days()})),
    }
    return {kind: tuple(piece.lower().replace("ё", "е") for piece in found) for kind, found in pieces.items()}


def find_atoms(text: str, offset: int = 0) -> list[Atom]:
    """Date atoms of `text`, longest first where they overlap, in text order."""
    found = []
    lower, needs = text.lower().replace("ё", "е"), pattern_needs()
    for kind, pattern in patterns():
        if kind in needs and not any(piece in lower for piece in needs[kind]):
            continue
        for match in pattern.finditer(text):
            atom = _read(kind, match, text)
            if atom is not None:
                found.append(atom)
    chosen: list[Atom] = []
    taken = bytearray(len(text))    # 1 where a chosen atom stands: a check costs the atom's length
    for atom in sorted(found, key=lambda a: (-(a.stop - a.start), a.start)):
        if 1 not in taken[atom.start:atom.stop]:
            chosen.append(atom)
            taken[atom.start:atom.stop] = b"\x01" * (atom.stop - atom.start)
    chosen.sort(key=lambda a: a.start)
    for atom in chosen:
        atom.start += offset
        atom.stop += offset
    return chosen


def _int(value: Optional[str]) -> Optional[int]:
    return int(value) if value else None


def _rel(match: re.Match) -> Optional[int]:
    word = match.groupdict().get("rel")
    return relative_year_forms().get(word.lower()) if word else None


def _read(kind: str, m: re.Match, text: str) -> Optional[Atom]:
    atom = Atom(m.start(), m.end(), kind=kind)
    groups = m.groupdict()
    if groups.get("y"):
        atom.year = int(groups["y"])
        if len(groups["y"]) == 2:
            atom.year += 2000 if atom.year < 50 else 1900
    atom.rel_year = _rel(m)
    reader = _READERS.get(kind)
    return reader(atom, m, text) if reader else atom


def _read_numeric(atom: Atom, m: re.Match, text: str) -> Optional[Atom]:
    atom.day, atom.month = int(m["d"]), int(m["m"])
    return atom if _valid(atom.year, atom.month, atom.day) else None


def _read_daymonth(atom: Atom, m: re.Match, text: str) -> Optional[Atom]:
    full, short = month_forms()
    word = m["m"].lower()
    atom.month = full.get(word) or short.get(word)
    if m["d"]:
        atom.day = int(m["d"])
    else:
        atom.day = ordinal_forms()[m["dw"].lower()] + (20 if (m["dt"] or "").lower() == "двадцать" else
                                                      30 if m["dt"] else 0)
    atom.day2 = _int(m["d2"])
    if atom.day2 is not None and atom.day2 <= atom.day:
        return None
    return atom if _valid(atom.year or 2000, atom.month, atom.day2 or atom.day) else None


def _read_month(atom: Atom, m: re.Match, text: str) -> Optional[Atom]:
    full, _ = month_forms()
    atom.month = full[m["m"].lower()]
    atom.month2 = full[m["m2"].lower()] if m["m2"] else None
    if atom.month2 is not None and atom.month2 <= atom.month:
        atom.stop = m.start("m") + len(m["m"])
        atom.month2, atom.year, atom.rel_year = None, None, None
    if m["m"][0].isupper() and atom.year is None and atom.rel_year is None:
        # "Марта", "Мая" may be names: a capitalised month needs a preposition before it
        before = text[max(0, m.start() - 4):m.start()].split()
        if not before or before[-1].lower() not in ("в", "с", "со", "по", "до", "к", "на", "от"):
            return None
    return atom


def _read_quarter(atom: Atom, m: re.Match, text: str) -> Optional[Atom]:
    number = _ordinal_number(m["qn"])
    if number is None:
        return None
    if m["q"].lower().startswith("квартал"):
        if number > 4:
            return None
        atom.quarter = number
    else:
        if number > 2:
            return None
        atom.half = number
    return atom


def _read_halfyear(atom: Atom, m: re.Match, text: str) -> Optional[Atom]:
    number = _ordinal_number(m["qn"])
    if number not in (1, 2):
        return None
    atom.half = number
    # "во второй половине 1950-х": the half of a decade, not of the year 1950
    atom.decade = bool(m["dec"]) and atom.year is not None and atom.year % 10 == 0
    return atom


def _read_months(atom: Atom, m: re.Match, text: str) -> Optional[Atom]:
    word = m["nm"]
    if word.isdigit():
        count = int(word)
    else:
        numeral = numeral_of(Tok(0, len(word), word, word.lower()))
        count = int(numeral[0]) if numeral else None
    if not count or count > 12:
        return None
    atom.months_upto = count
    return atom


def _read_year(atom: Atom, m: re.Match, text: str) -> Optional[Atom]:
    if atom.year < YEAR_MIN:
        return None
    y2 = m["y2"]
    if y2:
        atom.year2 = int(y2) if len(y2) == 4 else atom.year // 100 * 100 + int(y2)
        if not 0 < atom.year2 - atom.year < 200:
            return None
    atom.decade = bool(m["dec"]) and m["dec"].lower() not in ("м", "й", "го", "ом") and atom.year % 10 == 0
    if m["yw"] or m["dec"]:
        return atom
    if not BARE_YEAR_MIN <= atom.year <= BARE_YEAR_MAX or not _bare_year_fits(text, m):
        return None
    return atom


def _read_relyear(atom: Atom, m: re.Match, text: str) -> Optional[Atom]:
    return atom if atom.rel_year is not None else None


def _read_relperiod(atom: Atom, m: re.Match, text: str) -> Optional[Atom]:
    """"на прошлой неделе", "в следующем месяце": the adjective agrees with its noun."""
    offset, gender = relative_period_forms()[m["radj"].lower()]
    week = m["unit"].lower().startswith("недел")
    if gender != ("femn" if week else "masc"):
        return None
    if week:
        atom.rel_week = offset
    else:
        atom.rel_month = offset
    return atom


def _read_weekday(atom: Atom, m: re.Match, text: str) -> Optional[Atom]:
    atom.weekday = weekday_forms()[m["wd"].lower()]
    if m["wadj"]:
        # "в прошлый вторник", "в минувшую субботу": a week back or ahead
        offset = relative_years_by_lemma().get(morph.lemma(m["wadj"].lower()))
        if offset is None:
            return None
        atom.rel_year = None
        atom.rel_day = offset     # marks the week: -1 back, +1 ahead, 0 this week
        return atom
    if m["wp"]:
        return atom
    # a bare weekday counts at the start of a line (a dateline) or before a date
    if _starts_line(text, m.start()) or _DAY_AFTER.match(text, m.end()):
        return atom
    return None


_DAY_AFTER = re.compile(r",?\s*\d{1,2}\s")


def _starts_line(text: str, offset: int) -> bool:
    """Only spaces stand between the line's start and `offset`."""
    k = offset - 1
    while k >= 0 and text[k] != "\n" and text[k].isspace():
        k -= 1
    return k < 0 or text[k] == "\n"


def _read_relday(atom: Atom, m: re.Match, text: str) -> Optional[Atom]:
    word = m["rd"].lower()
    atom.rel_day = relative_days()[word]
    if word == "накануне" and _next_is_genitive_noun(text, m.end()):
        return None     # "накануне выборов" is before an event, not the day before
    return atom


_READERS = {
    "numeric": _read_numeric, "iso": _read_numeric, "daymonth": _read_daymonth, "month": _read_month,
    "quarter": _read_quarter, "halfyear": _read_halfyear, "months": _read_months, "year": _read_year,
    "relyear": _read_relyear, "relperiod": _read_relperiod, "weekday": _read_weekday, "relday": _read_relday,
}


def _ordinal_number(word: str) -> Optional[int]:
    roman = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
    low = word.lower()
    if low in roman:
        return roman[low]
    digits = re.match(r"\d+", low)
    if digits:
        return int(digits.group())
    lemma = morph.lemma(low)
    for name, number in load_table("ordinal_days"):
        if name.replace("ё", "е") == lemma:
            return int(number)
    return None


_NEXT_WORD = re.compile(r"\s+([а-яё]+)", re.I)


def _next_is_genitive_noun(text: str, offset: int) -> bool:
    word = _NEXT_WORD.match(text, offset)
    if not word:
        return False
    return any(p.tag.POS == "NOUN" and "gent" in p.tag for p in morph.parse(word.group(1).lower()))


_SIGN_AFTER = re.compile(r"\s*(?:%|[$€£₽₸]|\d)")
_YEARS_SHARING_A_WORD = re.compile(r"(?:\s*(?:,|и|или)\s+(?:1\d|20)\d\d(?:\s*[-–—]\s*\d{2,4})?){1,8}"
                                   r"\s*(?:годах|годы|годов|годам|гг)(?![а-яё])", re.I)
_WORD_AFTER = re.compile(r"\s*([а-яёa-z]+)")


def _bare_year_fits(text: str, m: re.Match) -> bool:
    """A four-digit number with no "года" is a year unless it counts something ("2007 рублей")."""
    k = m.start() - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    if k >= 0 and text[k] in "$€£№+−":
        return False
    if _SIGN_AFTER.match(text, m.end()):
        return False
    if _YEARS_SHARING_A_WORD.match(text, m.end()):
        return True     # "в 1985—1990 и 2006—2011 годах", "в 2001, 2004 и 2008 гг."
    word = _WORD_AFTER.match(text, m.end())
    if word is None:
        return True
    low = word.group(1)
    if low[0].isupper() or low.isupper():
        return True
    parses = morph.parse(low)
    if not parses:
        return True
    best = parses[0].tag
    if best.POS in ("NOUN", "ADJF", "PRTF") and ("plur" in best or "Abbr" in best):
        return False
    # "2000 человек": a noun that can be a genitive plural counts things
    return not any(p.tag.POS == "NOUN" and "plur" in p.tag and "gent" in p.tag for p in parses)


def _valid(year: Optional[int], month: Optional[int], day: Optional[int]) -> bool:
    try:
        date(year or 2000, month or 1, day or 1)
        return True
    except ValueError:
        return False


# ---------------------------------------------------------------- joins

_RANGE_LINK = re.compile(r"^\s*(?:по|до|[-–—])\s*$", re.I)
_RANGE_OPEN = re.compile(r"(?:^|[\s(])(?:с|со|от)\s*$", re.I)


def join_atoms(atoms: list[Atom], text: str, offset: int = 0) -> list[Atom]:
    """Join "с <date> по <date>" into one atom, and a weekday with the date after it."""
    out: list[Atom] = []
    for atom in atoms:
        prev = out[-1] if out else None
        if prev is not None:
            between = text[prev.stop - offset:atom.start - offset]
            before = text[max(0, prev.start - offset - 4):prev.start - offset]
            if prev.weekday is not None and prev.day is None and atom.day is not None and \
                    re.fullmatch(r",?\s*", between):
                out[-1] = replace(atom, start=prev.start)
                continue
            if _RANGE_LINK.match(between) and (between.strip() not in ("по", "до") or _RANGE_OPEN.search(before)) \
                    and _can_join(prev, atom):
                out[-1] = replace(atom, start=prev.start, head=_fill(prev, atom))
                continue
        out.append(atom)
    return out


def _can_join(a: Atom, b: Atom) -> bool:
    has = lambda x: x.year is not None or x.month is not None or x.day is not None or x.rel_year is not None
    # a range runs forward: "в 2023 году—1800" is no range
    forward = a.year is None or b.year is None or a.year <= b.year
    return has(a) and has(b) and a.weekday is None and b.weekday is None and forward


def _fill(head: Atom, tail: Atom) -> Atom:
    """The first end of a range, its missing year taken from the second ("с 1 по 5 мая 2019")."""
    if head.year is None and head.rel_year is None:
        return replace(head, year=tail.year, rel_year=tail.rel_year)
    return head


# ---------------------------------------------------------------- resolution

def _year_of(atom: Atom, published: Optional[date]) -> Optional[int]:
    if atom.year is not None:
        return atom.year
    if published is None:
        return None
    if atom.rel_year is not None:
        return published.year + atom.rel_year
    if atom.month is not None and atom.month - published.month > MONTHS_AHEAD:
        return published.year - 1
    return published.year


def _year_before(day: date) -> date:
    return day.replace(year=day.year - 1, day=min(day.day, 28) if day.month == 2 else day.day)


def resolve(atom: Atom, published: Optional[date]) -> tuple[Optional[date], Optional[date]]:
    """The interval an atom names, (None, None) when it needs a publication date we lack."""
    if atom.head is not None:
        start, _ = resolve(atom.head, published)
        tail = resolve(replace(atom, head=None), published)
        if start is not None and tail[1] is not None and start > tail[1]:
            # no interval runs backwards: "с 10 июня по 5 мая" spans a new year; with the
            # year written ("с 10 мая по 5 мая 2019") the end stands alone
            if atom.head.year is None and _year_before(start) <= tail[1]:
                return _year_before(start), tail[1]
            return tail
        return start, tail[1]
    if atom.weekday is not None and atom.day is None:
        if published is None:
            return None, None
        back = (published.weekday() - atom.weekday) % 7
        if atom.rel_day is not None and atom.rel_day < 0 and back == 0:
            back = 7        # "в прошлый вторник" said on a Tuesday
        day = published - timedelta(days=back)
        if atom.rel_day is not None and atom.rel_day > 0:
            day = published + timedelta(days=(atom.weekday - published.weekday()) % 7 or 7)
        return day, day
    if atom.rel_day is not None:
        if published is None:
            return None, None
        day = published + timedelta(days=atom.rel_day)
        return day, day
    if atom.rel_week is not None or atom.rel_month is not None:
        return _relative_period(atom, published)
    year = _year_of(atom, published)
    if year is None:
        return None, None
    if atom.quarter:
        return date(year, 3 * atom.quarter - 2, 1), _month_end(year, 3 * atom.quarter)
    if atom.half and atom.decade:
        return date(year + 5 * (atom.half - 1), 1, 1), date(year + 5 * atom.half - 1, 12, 31)
    if atom.half:
        return date(year, 6 * atom.half - 5, 1), _month_end(year, 6 * atom.half)
    if atom.months_upto:
        return date(year, 1, 1), _month_end(year, atom.months_upto)
    if atom.month is None:
        last = atom.year2 or (year + 9 if atom.decade else year)
        return date(year, 1, 1), date(last, 12, 31)
    month2 = atom.month2 or atom.month
    if atom.day is None:
        return date(year, atom.month, 1), _month_end(year, month2)
    try:
        return date(year, atom.month, atom.day), date(year, atom.month, atom.day2 or atom.day)
    except ValueError:
        return None, None


def _relative_period(atom: Atom, published: Optional[date]) -> tuple[Optional[date], Optional[date]]:
    """The week (Monday to Sunday) or the month a relative week or month names."""
    if published is None:
        return None, None
    if atom.rel_week is not None:
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=atom.rel_week)
        return monday, monday + timedelta(days=6)
    months = published.year * 12 + published.month - 1 + atom.rel_month
    year, month = divmod(months, 12)
    return date(year, month + 1, 1), _month_end(year, month + 1)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def to_mention(atom: Atom, text: str, published: Optional[date]) -> DateMention:
    start, end = resolve(atom, published)
    single_month = atom.head is None and atom.month2 is None
    year = atom.year if atom.head is None or atom.head.year == atom.year else None
    return DateMention(
        span=Span(start=atom.start, stop=atom.stop, text=text[atom.start:atom.stop]),
        year=year if atom.year2 is None else None,
        month=atom.month if single_month else None,
        day=atom.day if single_month and atom.day2 is None else None,
        start=start, end=end,
    )


def find_dates(text: str, published: Optional[date] = None, offset: int = 0,
               source: Optional[str] = None) -> list[DateMention]:
    """Date mentions of `text` (which starts at `offset` of the article `source`).

    Args:
        text: the text to search.
        published: the publication date that relative expressions resolve against.
        offset: where `text` starts in the article; spans are shifted by it.
        source: the whole article text (spans index it); defaults to `text`.

    Returns:
        DateMention records in text order.
    """
    source = text if source is None else source
    atoms = join_atoms(find_atoms(text, offset), source, 0)
    return [to_mention(atom, source, published) for atom in atoms]


def extract_dates(doc: Doc) -> None:
    """Fill `doc.dates` with the date mentions of every analysed sentence."""
    doc.dates = []
    for sent in doc.sents:
        doc.dates.extend(find_dates(sent.text, doc.published, sent.start, doc.text))
