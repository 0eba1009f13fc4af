"""Clean stage: site chrome, the dateline and the headline.

Nothing is rewritten: the stage marks which lines of the original text are chrome
(left out of analysis) and which regions are analysed, so every offset downstream
still indexes the original text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Optional

from .lexicons import load_set

MONTHS_GEN = {
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6,
    "июля": 7, "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}
WEEKDAYS = r"понедельник|вторник|среда|четверг|пятница|суббота|воскресенье"
_MONTH = "|".join(MONTHS_GEN)

# "воскресенье, 7 июля, 2024 20:11", "7 июля 2024 г.", "Москва. 30 апреля. INTERFAX.RU",
# "ТАСС, 10 августа." — an optional place or agency, weekday, day, month, optional year
_DATELINE_WORDS = re.compile(
    rf"^(?:[А-ЯЁA-Z][\w.\-]{{1,30}}(?:[ ,.]+|\s+-\s+))?(?:(?:{WEEKDAYS}),?\s+)?"
    rf"(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})(?:[,\s]+(?P<year>(?:19|20)\d\d)(?:\s*(?:г\.|года))?)?"
    rf"(?:[,\s]+(?:в\s+)?\d{{1,2}}[:.]\d\d)?\b",
    re.I,
)
_DATELINE_DIGITS = re.compile(
    r"^(?:(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>(?:19|20)\d\d)"
    r"|(?P<iyear>(?:19|20)\d\d)-(?P<imonth>\d\d)-(?P<iday>\d\d))(?:[,\s]+\d{1,2}:\d\d)?\b"
)
_DOMAIN_NAME = (r"(?:https?://)?(?:www\.)?[\w\-]+(?:\.[\w\-]+)*"
                r"\.(?:ru|kz|by|ua|uz|kg|tj|md|am|az|ge|com|net|org|info|su|рф|media|news|tv)\b")
_DOMAIN = re.compile("^" + _DOMAIN_NAME, re.I)
# an outlet's dateline before a story's first words: "INTERFAX.RU - ", "Tengrinews.kz – ";
# after a dateline's place and date, a name in capitals: "АСТАНА. КАЗИНФОРМ - "
DOMAIN_DATELINE = re.compile(_DOMAIN_NAME + r"\s*[-–—]\s+(?=\w)", re.I)
CAPS_DATELINE = re.compile(r"(?P<outlet>[A-ZА-ЯЁ][A-ZА-ЯЁ.-]{3,})\s*[-–—]\s+(?=\w)")
_WORDS = re.compile(r"\w+(?:[\-.]\w+)*")

# a dateline stands in the first lines; a longer line is body text, not a dateline
DATELINE_LINES = 6
DATELINE_MAX = 80
TITLE_MAX = 250
CHROME_MAX = 200
SENTENCE_ENDS = (".", "!", "?", "»", "\"", "…")     # a story's sentence ends so; a slogan seldom does
# format characters str.strip() keeps: a byte-order mark opening a file, zero-width
# spaces and joiners, bidi marks, the soft hyphen
INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00ad"


@dataclass
class Cleaned:
    regions: list[tuple[int, int]]      # spans of text to analyse
    skipped: list[tuple[int, int]]      # chrome lines
    published: Optional[date]
    title: Optional[str]


# every quotation mark Russian news uses, straight and typographic
QUOTE_CHARS = "«»„“”\"'‘’"
OPENING_QUOTES = "«„“\""     # the marks a quoted name opens with
CLOSING_QUOTES = "»“”\""
# every line break str.splitlines() knows: \r\n, \r alone, \u2028 and \x85 end lines too
LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x1c-\x1e\x85]")


def iter_lines(text: str):
    """(start, stop) of each line, without its line break."""
    start = 0
    for match in LINE_BREAK.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def trim(line: str) -> str:
    """The line without surrounding whitespace and invisible format characters."""
    return line.strip().strip(INVISIBLE).strip()


def _key(line: str) -> str:
    return " ".join(_WORDS.findall(line.lower().replace("ё", "е")))


def is_chrome(line: str) -> bool:
    """A line of site chrome: a menu word, a widget title, a credit, a slogan, a bare domain."""
    stripped = trim(line)
    if not stripped or len(stripped) > CHROME_MAX:
        return False
    lower = stripped.lower().replace("ё", "е")
    if _key(stripped) in load_set("chrome"):
        return True
    if any(lower.startswith(prefix) for prefix in load_set("chrome_prefixes")):
        return True
    if any(marker in lower for marker in load_set("chrome_markers")) or "©" in stripped:
        return True
    domain = _DOMAIN.match(stripped)
    if domain:
        rest = stripped[domain.end():].strip()
        # a bare domain, or "site.kz - slogan"; not "Zakon.kz - Токаев подписал закон.", a
        # story's first sentence after its outlet's dateline
        return not rest or (rest[0] in "-–—|:" and not rest.endswith(SENTENCE_ENDS))
    return False


def parse_dateline(line: str) -> tuple[bool, Optional[date]]:
    """Whether the line opens with a dateline, and its date when it gives a year."""
    stripped = trim(line)
    match = _DATELINE_DIGITS.match(stripped)
    if match:
        if match["year"]:
            parts = int(match["year"]), int(match["month"]), int(match["day"])
        else:
            parts = int(match["iyear"]), int(match["imonth"]), int(match["iday"])
        return True, _safe_date(*parts)
    match = _DATELINE_WORDS.match(stripped)
    if not match:
        return False, None
    if not match["year"]:
        return True, None       # never guess the year
    return True, _safe_date(int(match["year"]), MONTHS_GEN[match["month"].lower()], int(match["day"]))


def _safe_date(year: int, month: int, day: int) -> Optional[date]:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def clean(text: str) -> Cleaned:
    """Split the article into analysed regions and chrome; find its dateline and title."""
    regions, skipped = [], []
    published, title = None, None
    seen_content = 0
    for start, stop in iter_lines(text):
        line = text[start:stop]
        if not trim(line):
            continue
        if is_chrome(line):
            skipped.append((start, stop))
            continue
        seen_content += 1
        if seen_content <= DATELINE_LINES and published is None and len(line) <= DATELINE_MAX:
            found, when = parse_dateline(line)
            if found and when is not None:
                published = when
            if found and len(trim(line)) <= 40 and title is None:
                # a line that is only a dateline is not the headline
                regions.append((start, stop))
                continue
        if title is None and len(trim(line)) <= TITLE_MAX and _WORDS.search(line):
            title = trim(line)   # a line of bare symbols or controls is no headline
        regions.append((start, stop))
    # each line is a region of its own: news paragraphs are lines, and a headline
    # without a full stop must not run into the first paragraph
    return Cleaned(regions, skipped, published, title)
