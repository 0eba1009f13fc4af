"""The public records: everything newsfacts returns, and nothing that computes it.

All records are frozen pydantic v2 models. Every `Span` indexes the article text:
`article.text[span.start:span.stop] == span.text`. This module imports no models, so
saved output can be loaded without natasha.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, TypeAdapter, model_validator


def _decimal_to_number(value: Decimal) -> int | float:
    # JSON numbers, not strings: integral amounts stay exact as ints
    if value == value.to_integral_value():
        return int(value)
    return float(value)


Number = Annotated[Decimal, PlainSerializer(_decimal_to_number, when_used="json")]

EntityType = Literal["PER", "ORG", "LOC"]
FigureKind = Literal["money", "quantity", "percent", "change"]
Qualifier = Literal["exact", "more", "less", "about"]
QuoteKind = Literal["direct", "indirect"]
Direction = Literal["up", "down"]


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(Record):
    start: int = Field(ge=0)
    stop: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _check_bounds(self) -> "Span":
        if self.stop < self.start or self.stop - self.start != len(self.text):
            raise ValueError(f"span {self.start}:{self.stop} does not fit its text {self.text!r}")
        return self


class Entity(Record):
    id: str
    type: EntityType
    name: str
    mentions: list[Span]
    # where the text refers to it without its name: posts, descriptions, pronouns
    references: list[Span] = []


class Role(Record):
    person: str
    title: str
    org: Optional[str] = None
    span: Span


class Quote(Record):
    text: str = Field(repr=False)
    span: Span
    kind: QuoteKind
    speaker: Optional[str] = None
    speaker_span: Optional[Span] = None
    cue: Optional[str] = None


class Change(Record):
    value: Number
    value_max: Optional[Number] = None
    unit: str
    direction: Optional[Direction] = None
    span: Span


class Period(Record):
    start: Optional[date] = None
    end: Optional[date] = None
    span: Optional[Span] = None


class Figure(Record):
    kind: FigureKind
    value: Optional[Number] = None
    value_max: Optional[Number] = None
    unit: Optional[str] = None
    qualifier: Qualifier = "exact"
    span: Span
    metric: Optional[str] = None
    change: Optional[Change] = None
    period: Optional[Period] = None
    subjects: list[str] = []


class DateMention(Record):
    span: Span
    year: Optional[int] = None
    month: Optional[int] = None
    day: Optional[int] = None
    start: Optional[date] = None
    end: Optional[date] = None


class Article(Record):
    id: Optional[str] = None
    text: str = Field(repr=False)
    published: Optional[date] = None
    title: Optional[str] = None
    sentences: list[Span] = Field(default=[], repr=False)
    entities: list[Entity] = []
    roles: list[Role] = []
    quotes: list[Quote] = []
    figures: list[Figure] = []
    dates: list[DateMention] = []
    errors: list[str] = []

    def entity(self, entity_id: Optional[str]) -> Optional[Entity]:
        """The entity with this id, or None."""
        for entity in self.entities:
            if entity.id == entity_id:
                return entity
        return None

    def _repr_html_(self) -> str:
        from .display import format_html

        return format_html(self)

    def __str__(self) -> str:
        from .display import format_text

        return format_text(self)


ARTICLES = TypeAdapter(list[Article])


def article_schema() -> dict:
    """The JSON Schema of `Article`, as `newsfacts schema` prints it."""
    return Article.model_json_schema(mode="serialization")
