"""pandas views of many Articles: one row per record, with readable columns.

    >>> frame = to_frame(pipeline.extract_many(texts), "quotes")
    >>> frame.groupby("speaker_name").size().sort_values()

Every frame starts with `article` (the article id, else its position in the input)
and carries `start`/`stop`, the offsets of the record's span in that article's text.
Entity ids are shown beside the names they stand for. Numbers are floats, dates are
`datetime.date`, so the frames sort, group and plot as they are.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Optional

from .errors import MissingExtraError
from .records import Article

COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("article", "published", "title", "chars", "entities", "roles", "quotes", "figures", "dates",
                 "errors"),
    "entities": ("article", "entity", "type", "name", "mentions", "references", "text", "start", "stop"),
    "references": ("article", "entity", "type", "name", "text", "start", "stop"),
    "roles": ("article", "person", "person_name", "title", "org", "org_name", "text", "start", "stop"),
    "quotes": ("article", "kind", "text", "speaker", "speaker_name", "speaker_text", "cue", "start", "stop"),
    "figures": ("article", "kind", "text", "value", "value_max", "unit", "qualifier", "metric",
                "change_value", "change_unit", "change_direction", "change_text", "period_start", "period_end",
                "period_text", "subjects", "subject_names", "start", "stop"),
    "dates": ("article", "text", "year", "month", "day", "date_start", "date_end", "start", "stop"),
}
KINDS = tuple(COLUMNS)


def to_frame(articles: Iterable[Any], kind: str):
    """A pandas DataFrame of one kind of record, one row per record.

    Args:
        articles: `Article`s, or their dicts / JSON-mode dumps (as `extract-many` writes them);
            or one of them alone.
        kind: one of "entities", "references" (one row per word that refers to an
            entity without naming it), "roles", "quotes", "figures", "dates", or
            "articles" (one row per article: its counts and errors).

    Returns:
        A DataFrame with the columns `COLUMNS[kind]` (and none when there are no records).

    Raises:
        ValueError: an unknown kind (the message lists the kinds).
        MissingExtraError: pandas is not installed.

    Example:
        >>> to_frame([article], "figures")[["article", "text", "value", "unit", "change_value"]]
    """
    if kind not in COLUMNS:
        raise ValueError(f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}")
    try:
        import pandas
    except ImportError:
        raise MissingExtraError("newsfacts.to_frame", "pandas", "pandas") from None
    if isinstance(articles, (Article, dict, str, bytes)):  # one article, not an iterable of them
        articles = [articles]
    rows = [row for position, article in enumerate(articles) for row in rows_of(_article(article), kind, position)]
    return pandas.DataFrame(rows, columns=list(COLUMNS[kind]))


def rows_of(article: Article, kind: str, position: int = 0) -> list[dict]:
    """The rows one article gives for a kind (dicts keyed by `COLUMNS[kind]`)."""
    key = article.id if article.id is not None else str(position)
    names = {entity.id: entity.name for entity in article.entities}
    return [{"article": key, **fields} for fields in ROWS[kind](article, names)]


def _article(value: Any) -> Article:
    if isinstance(value, Article):
        return value
    if isinstance(value, dict):
        return Article.model_validate(value)
    if isinstance(value, (str, bytes)):
        return Article.model_validate_json(value)
    raise TypeError(f"expected Article, dict or JSON, got {type(value).__name__}")


def _number(value) -> Optional[float]:
    return None if value is None else float(value)


def _offsets(span) -> dict:
    return {"start": span.start, "stop": span.stop}


# ------------------------------------------------------------------ one kind each

def _article_rows(article: Article, names: dict) -> list[dict]:
    return [{"published": article.published, "title": article.title, "chars": len(article.text),
             "entities": len(article.entities), "roles": len(article.roles), "quotes": len(article.quotes),
             "figures": len(article.figures), "dates": len(article.dates), "errors": "; ".join(article.errors)}]


def _entity_rows(article: Article, names: dict) -> list[dict]:
    rows = []
    for entity in article.entities:
        first = min(entity.mentions, key=lambda span: span.start, default=None)
        rows.append({"entity": entity.id, "type": entity.type, "name": entity.name, "mentions": len(entity.mentions),
                     "references": len(entity.references),
                     "text": first.text if first else None,
                     "start": first.start if first else None, "stop": first.stop if first else None})
    return rows


def _reference_rows(article: Article, names: dict) -> list[dict]:
    rows = [{"entity": entity.id, "type": entity.type, "name": entity.name, "text": span.text, **_offsets(span)}
            for entity in article.entities for span in entity.references]
    return sorted(rows, key=lambda row: row["start"])


def _role_rows(article: Article, names: dict) -> list[dict]:
    return [{"person": role.person, "person_name": names.get(role.person), "title": role.title, "org": role.org,
             "org_name": names.get(role.org), "text": role.span.text, **_offsets(role.span)}
            for role in article.roles]


def _quote_rows(article: Article, names: dict) -> list[dict]:
    return [{"kind": quote.kind, "text": quote.text, "speaker": quote.speaker,
             "speaker_name": names.get(quote.speaker),
             "speaker_text": quote.speaker_span.text if quote.speaker_span else None,
             "cue": quote.cue, **_offsets(quote.span)}
            for quote in article.quotes]


def _figure_rows(article: Article, names: dict) -> list[dict]:
    rows = []
    for figure in article.figures:
        change, period = figure.change, figure.period
        rows.append({
            "kind": figure.kind, "text": figure.span.text, "value": _number(figure.value),
            "value_max": _number(figure.value_max), "unit": figure.unit, "qualifier": figure.qualifier,
            "metric": figure.metric,
            "change_value": _number(change.value) if change else None,
            "change_unit": change.unit if change else None,
            "change_direction": change.direction if change else None,
            "change_text": change.span.text if change else None,
            "period_start": period.start if period else None,
            "period_end": period.end if period else None,
            "period_text": period.span.text if period and period.span else None,
            "subjects": list(figure.subjects),
            "subject_names": [names.get(subject, subject) for subject in figure.subjects],
            **_offsets(figure.span),
        })
    return rows


def _date_rows(article: Article, names: dict) -> list[dict]:
    return [{"text": mention.span.text, "year": mention.year, "month": mention.month, "day": mention.day,
             "date_start": mention.start, "date_end": mention.end, **_offsets(mention.span)}
            for mention in article.dates]


ROWS: dict[str, Callable[[Article, dict], list[dict]]] = {
    "articles": _article_rows, "entities": _entity_rows, "references": _reference_rows, "roles": _role_rows, "quotes": _quote_rows,
    "figures": _figure_rows, "dates": _date_rows,
}
