"""The internal document that the stages fill in, before it becomes an `Article`.

Plain slotted dataclasses, mutable while the stages run; offsets always index
`Doc.text`, the original article. Syntax is parsed on demand: an extractor asks
`doc.require_syntax(sents)` for just the sentences it needs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Optional

from .records import DateMention, Entity, Figure, Quote, Role


@dataclass(slots=True)
class Token:
    start: int
    stop: int
    text: str
    head: int = -1          # index of the head token in the sentence, -1 for the root
    rel: Optional[str] = None


@dataclass(slots=True)
class Sent:
    start: int
    stop: int
    text: str
    tokens: list[Token]
    parsed: bool = False


@dataclass(slots=True)
class Mention:
    """A named-entity mention found by NER, before grouping."""
    start: int
    stop: int
    type: str
    text: str


@dataclass
class Doc:
    text: str
    published: Optional[date] = None
    title: Optional[str] = None
    # spans of the original text left out of analysis: site chrome, the dateline
    skipped: list[tuple[int, int]] = field(default_factory=list)
    sents: list[Sent] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    # words that refer to an entity without naming it (references.Reference)
    references: list = field(default_factory=list)
    # set by the references stage: what later stages ask who a word means (references.Resolver)
    resolver: Optional[object] = field(default=None, repr=False)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # set by the pipeline: parses the given sentences in place
    parser: Optional[Callable[[list[Sent]], None]] = field(default=None, repr=False)

    def require_syntax(self, sents: list[Sent]) -> None:
        """Make sure these sentences carry heads and relations (parsed once, batched)."""
        todo = [sent for sent in sents if not sent.parsed]
        if todo and self.parser is not None:
            self.parser(todo)
