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
    # the docstrings below each field are its description in `newsfacts schema`
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class Span(Record):
    """A stretch of the article text: `article.text[start:stop] == text`."""

    start: int = Field(ge=0)
    """Offset of its first character in the article text."""
    stop: int = Field(ge=0)
    """Offset just past its last character."""
    text: str
    """The characters themselves."""

    @model_validator(mode="after")
    def _check_bounds(self) -> "Span":
        if self.stop < self.start or self.stop - self.start != len(self.text):
            raise ValueError(f"span {self.start}:{self.stop} does not fit its text {self.text!r}")
        return self


class Entity(Record):
    """A person, organisation or place, with every mention of it grouped."""

    id: str
    """Unique in the article ("e1"); roles, quotes and figures name entities by it."""
    type: EntityType
    """PER (a person), ORG (an organisation) or LOC (a place)."""
    name: str
    """Its normal form: "Си Цзиньпин", "Министерство иностранных дел", "Астана"."""
    mentions: list[Span]
    """Where the text names it."""
    references: list[Span] = []
    """Where the text refers to it without its name: posts, descriptions, pronouns ("Посол", "он")."""


class Role(Record):
    """A post a person holds: "Посол Китая в Казахстане Чжан Сяо"."""

    person: str
    """Entity id of the person."""
    title: str
    """The post, a lower-case lemma: "посол", "председатель"."""
    org: Optional[str] = None
    """Entity id of the organisation or place the post belongs to, if the text names one."""
    span: Span
    """The words that state the role."""


class Quote(Record):
    """Direct or indirect speech, with who said it."""

    text: str = Field(repr=False)
    """The quoted words, without quotation marks."""
    span: Span
    """The same words in the article text."""
    kind: QuoteKind
    """direct (in quotation marks) or indirect ("отметил, что …", "по словам …")."""
    speaker: Optional[str] = None
    """Entity id of the speaker, when the text makes it clear."""
    speaker_span: Optional[Span] = None
    """The words that name the speaker here: "Посол", "он", "Чжан Сяо"."""
    cue: Optional[str] = None
    """Lemma of the speech verb ("сказать"), or the phrase ("по словам"); ":" for a bare colon."""


class Change(Record):
    """How a figure changed: "увеличившись на 32%", "в 1,5 раза"."""

    value: Number
    """The size of the change."""
    value_max: Optional[Number] = None
    """The top of a range ("на 5-7%"), else none."""
    unit: str
    """"%", "times", "п.п." or an ISO 4217 currency code."""
    direction: Optional[Direction] = None
    """up or down, when the text says."""
    span: Span
    """The words that state the change."""


class Period(Record):
    """The time a figure is for, resolved against the publication date."""

    start: Optional[date] = None
    """Its first day, if known."""
    end: Optional[date] = None
    """Its last day, if known."""
    span: Optional[Span] = None
    """The words that state it: "в 2023 году", "с января по май"."""


class Figure(Record):
    """A reported number: money, a count or a percentage, with what it measures."""

    kind: FigureKind
    """money, quantity, percent, or change (a change stated without the figure it changes)."""
    value: Optional[Number] = None
    """The number, scale words applied: "41 млрд" is 41000000000."""
    value_max: Optional[Number] = None
    """The top of a range ("210-250 миллионов"), else none."""
    unit: Optional[str] = None
    """ISO 4217 code for money, "%" for percent, the counted noun's lemma for a quantity."""
    qualifier: Qualifier = "exact"
    """exact, more ("более"), less ("менее", "до") or about ("около")."""
    span: Span
    """The number with its unit."""
    metric: Optional[str] = None
    """What is measured, a lemma phrase: "товарооборот"."""
    change: Optional[Change] = None
    """The change the text states for it."""
    period: Optional[Period] = None
    """The time it is for."""
    subjects: list[str] = []
    """Entity ids of what it is about ("между странами" -> the two countries)."""


class DateMention(Record):
    """A date in the text, with the interval it means."""

    span: Span
    """The words: "7 июля", "прошлого года", "вчера"."""
    year: Optional[int] = None
    """The year, stated or resolved."""
    month: Optional[int] = None
    """The month, 1 to 12, if it has one."""
    day: Optional[int] = None
    """The day of the month, if it has one."""
    start: Optional[date] = None
    """First day of the interval it means."""
    end: Optional[date] = None
    """Last day of the interval it means."""


class Article(Record):
    """The typed facts of one news article; every span indexes its `text`."""

    id: Optional[str] = None
    """The caller's id of the article (a batch item's "id", a page's URL)."""
    text: str = Field(repr=False)
    """The article as given; every offset indexes it."""
    published: Optional[date] = None
    """Publication date: the caller's, else the dateline's."""
    title: Optional[str] = None
    """The headline, when the text or the page has one."""
    sentences: list[Span] = Field(default=[], repr=False)
    """The sentences analysed (site chrome and the dateline left out)."""
    entities: list[Entity] = []
    """People, organisations and places."""
    roles: list[Role] = []
    """Who holds which post."""
    quotes: list[Quote] = []
    """Direct and indirect speech."""
    figures: list[Figure] = []
    """Money, counts and percentages."""
    dates: list[DateMention] = []
    """Every date mention."""
    errors: list[str] = []
    """Why something could not be read; empty when all went well."""

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


JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"  # the dialect pydantic writes


def article_schema() -> dict:
    """The JSON Schema of `Article`, as `newsfacts schema` prints it."""
    schema = {"$schema": JSON_SCHEMA_DIALECT, **Article.model_json_schema(mode="serialization")}
    # pydantic leaves the title off a field that refers to a record: every field gets one
    for record in [schema, *schema.get("$defs", {}).values()]:
        for name, field in record.get("properties", {}).items():
            field.setdefault("title", name.replace("_", " ").title())
    return schema
