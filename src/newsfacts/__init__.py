"""newsfacts: typed facts from Russian news articles.

    >>> import newsfacts
    >>> art = newsfacts.extract("Посол Китая Чжан Сяо прибыл в Астану.")
"""
from .errors import MissingExtraError, ModelsMissingError, NewsfactsError
from .pipeline import EXTRACTORS, Pipeline, extract
from .records import (ARTICLES, Article, Change, DateMention, Entity, Figure, Period, Quote, Role, Span,
                      article_schema)

__version__ = "0.1.0"

__all__ = [
    "Article", "Change", "DateMention", "Entity", "Figure", "Period", "Quote", "Role", "Span",
    "ARTICLES", "EXTRACTORS", "Pipeline", "extract", "article_schema", "to_frame", "from_html",
    "NewsfactsError", "ModelsMissingError", "MissingExtraError", "__version__",
]


def to_frame(articles, kind: str):
    """A pandas DataFrame of one kind of record (see `newsfacts.frames.to_frame`)."""
    from .frames import to_frame as _to_frame

    return _to_frame(articles, kind)


def from_html(html: str, url=None, pipeline=None):
    """Facts of a raw HTML news page (see `newsfacts.html.from_html`)."""
    from .html import from_html as _from_html

    return _from_html(html, url=url, pipeline=pipeline)
