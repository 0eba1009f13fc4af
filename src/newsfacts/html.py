"""Raw HTML pages: trafilatura finds the main text, headline and date, then the pipeline runs.

The Article keeps the extracted text, so its offsets index that text, not the HTML.
trafilatura is an optional extra (`pip install 'newsfacts[html]'`); it never fetches
anything: the page is passed in, and `url` only helps it read dates and links.
"""
from __future__ import annotations

from typing import Any, Optional

from .errors import MissingExtraError, expected
from .pipeline import Pipeline
from .published import parse_published, read_published
from .records import Article


def _trafilatura():
    try:
        import trafilatura
    except ImportError:  # trafilatura itself, or lxml's html cleaner it needs
        raise MissingExtraError("from_html", "html", "trafilatura") from None
    return trafilatura


def _field(result: Any, name: str) -> Optional[str]:
    # trafilatura 2 returns a Document, 1.x a dict
    value = result.get(name) if isinstance(result, dict) else getattr(result, name, None)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _published(value: Optional[str]):
    try:
        return parse_published(value)
    except ValueError:  # a date trafilatura could not make whole is no date
        return None


def read_html(html: str | bytes, url: Optional[str] = None) -> tuple[str, Optional[str], Optional[str]]:
    """The main text, headline and publication date ("YYYY-MM-DD") of a news page.

    Args:
        html: the page; bytes are decoded by the charset the page declares.
        url: where the page came from, if known (never fetched).

    Returns:
        (text, title, date); text is "" when the page has no main text.
    """
    trafilatura = _trafilatura()
    result = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if result is None:
        return "", None, None
    return _field(result, "text") or "", _field(result, "title"), _field(result, "date")


def from_html(html: str | bytes, url: Optional[str] = None, pipeline: Optional[Pipeline] = None,
              published: Any = None) -> Article:
    """Facts of a raw HTML news page.

    Args:
        html: the page as text (or bytes in the charset it declares).
        url: where the page came from, if known; kept as `Article.id`. Never fetched.
        pipeline: the `Pipeline` to run (default: all extractors).
        published: the publication date, when the caller knows it better than the page
            (any form `Pipeline.extract` reads; unreadable, the page's date is used
            and `errors` says so).

    Returns:
        An `Article` over the page's main text, with its headline as `title` and its
        date as `published` when the page gives them. A page with no main text gives
        an empty Article whose `errors` says so.

    Raises:
        TypeError: html is not str or bytes, url not str, pipeline not a Pipeline.
        MissingExtraError: trafilatura is not installed.

    Example:
        >>> art = from_html(page, url="https://example.kz/news/1")
        >>> art.text[art.entities[0].mentions[0].start:]   # offsets index art.text
    """
    if not isinstance(html, (str, bytes)):
        raise expected("str or bytes for html", html)
    if url is not None and not isinstance(url, str):
        raise expected("str or None for url", url)
    if pipeline is not None and not isinstance(pipeline, Pipeline):
        raise expected("Pipeline or None for pipeline", pipeline)
    when, problem = read_published(published)  # the caller's date, unreadable, is no date
    text, title, page_date = read_html(html, url)
    when = when or _published(page_date)
    errors = [problem] if problem else []
    if not text:
        return Article(id=url, text="", title=title, published=when,
                       errors=errors + ["html: no main text found in the page"])
    article = (pipeline or Pipeline()).extract(text, published=when, id=url)
    update = {"title": title} if title else {}
    if errors:
        update["errors"] = errors + article.errors
    return article.model_copy(update=update) if update else article
