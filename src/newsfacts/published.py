"""Publication dates as callers hand them in: strings of many styles, datetimes, timestamps.

    >>> read_published("Tue, 05 May 2024 10:00:00 +0300")
    (datetime.date(2024, 5, 5), None)
    >>> read_published("вчера")
    (None, "published: cannot read 'вчера' as a date (...); treated as no date")

A date is the day as the source wrote it, in the source's own time zone ("23:30+03:00"
stays that day), since that is the day the article's "сегодня" and "вчера" mean. Epoch
timestamps have no zone of their own and are read in UTC.

Missing values (None, "", NaN, pandas' NaT and NA, numpy's NaT) mean no date. A value of
a kind no date comes in (a list, bytes, a bool) raises TypeError: that is a caller's
bug. Anything else that cannot be read is, in `read_published`, an error line and no
date, so an odd metadata field never costs an article its facts.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from functools import cache
from numbers import Real
from typing import Any, Optional

from .errors import expected
from .lexicons import load_table

FORMS = "2024-07-07, 2024-07-07T10:00+03:00, 07.07.2024, 7 июля 2024, Sun, 07 Jul 2024 10:00:00 +0300, epoch seconds"

# month names of RFC 2822 dates (and their full English forms)
ENGLISH_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# a time of day after a date, with an optional zone; it never changes the day
_TIME = r"(?:[T ,]\s*(?:в\s+)?\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|UTC|GMT|[A-Z]{3}|[+-]\d{2}(?::?\d{2})?)?)?"
ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})" + _TIME, re.I)
DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})" + _TIME, re.I)
# "7 июля 2024", "воскресенье, 7 июля 2024 г., 20:11", "Sun, 07 Jul 2024 10:00:00 +0300"
WORDED = re.compile(r"(?:[^\W\d_]+\.?,?\s*)?(\d{1,2})\s+([^\W\d_]+)\.?\s+(\d{4})(?:\s*(?:г\.?|года?))?,?" + _TIME,
                    re.I)
# epoch numbers this big are milliseconds (JavaScript's Date.now()); in seconds they
# would be past the year 5000
MILLISECONDS = 1e11


class UnreadableDate(ValueError):
    """A value of a date's kind that says no date newsfacts can read."""


def parse_published(value: Any) -> Optional[date]:
    """The publication date a value gives, None for a missing value.

    Raises:
        UnreadableDate (a ValueError): a string or number that is no readable date.
        TypeError: a value of a kind no date comes in (a list, bytes, a bool).
    """
    if _missing(value):
        return None
    if isinstance(value, datetime):  # pandas' Timestamp too
        return value.date()
    if isinstance(value, date):
        return value
    if type(value).__name__ == "datetime64":  # numpy's, read without importing numpy
        day = value.astype("datetime64[D]").astype(object)
        if isinstance(day, date):
            return day
        raise UnreadableDate(_unreadable(value))
    if isinstance(value, Real) and not isinstance(value, bool):
        return _from_epoch(float(value))
    if isinstance(value, str):
        return _from_string(value)
    raise expected("a date, datetime, string, epoch number or None for published", value)


def read_published(value: Any) -> tuple[Optional[date], Optional[str]]:
    """(date, None), or (None, why) when the value cannot be read as a date.

    Raises:
        TypeError: a value of a kind no date comes in (a list, bytes, a bool).
    """
    try:
        return parse_published(value), None
    except UnreadableDate as error:
        return None, f"{error}; treated as no date"


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if type(value).__name__ == "NAType":  # pandas.NA, whose comparisons give NA
        return True
    try:
        return bool(value != value)  # NaN, NaT (pandas' and numpy's)
    except (TypeError, ValueError):  # an array, or a type that will not compare
        return False


def _from_epoch(number: float) -> date:
    seconds = number / 1000 if abs(number) >= MILLISECONDS else number
    try:
        return datetime.fromtimestamp(seconds, tz=timezone.utc).date()
    except (OverflowError, OSError, ValueError):
        raise UnreadableDate(_unreadable(number)) from None


def _from_string(value: str) -> date:
    text = value.strip()
    for pattern, order in ((ISO, "ymd"), (DOTTED, "dmy"), (WORDED, "dmy")):
        found = pattern.fullmatch(text)
        if found is None:
            continue
        parts = dict(zip(order, found.groups()[:3]))
        month = _month(parts["m"])
        try:
            if month is None:
                raise ValueError("no month")
            return date(int(parts["y"]), month, int(parts["d"]))
        except ValueError:  # "2024-02-30", "31.04.2024", "7 чего-то 2024"
            break
    raise UnreadableDate(_unreadable(value))


def _month(word: str) -> Optional[int]:
    if word.isdigit():
        return int(word)
    return month_numbers().get(word.lower())


@cache
def month_numbers() -> dict[str, int]:
    """Month words (Russian forms and abbreviations, English names) -> 1..12."""
    numbers: dict[str, int] = {}
    for forms, number, *abbreviations in load_table("months"):
        for word in (forms + " " + " ".join(abbreviations)).split():
            numbers[word.lower()] = int(number)
    for number, name in enumerate(ENGLISH_MONTHS, 1):
        numbers[name] = number
    for number, name in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                   "september", "october", "november", "december"), 1):
        numbers[name] = number
    return numbers


def _unreadable(value: Any) -> str:
    return f"published: cannot read {value!r} as a date (expected e.g. {FORMS})"
