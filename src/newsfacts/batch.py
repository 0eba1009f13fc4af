"""Batches: many articles through one pipeline, in input order, nothing lost.

An item is a string, a dict with "text" and optional "id"/"published", an
`Article` (its text, id and published are taken again), or a (text, context) pair.
An item that cannot be read, or whose extraction raises, yields an `Article`
with `errors` saying why; the batch goes on.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator, Optional

from .records import Article


def read_item(item: Any) -> tuple[str, Optional[str], Any]:
    """(text, id, published) of one batch item; TypeError/ValueError when it has none."""
    if isinstance(item, str):
        return item, None, None
    if isinstance(item, Article):
        return item.text, item.id, item.published
    if isinstance(item, dict):
        if "text" not in item:
            raise ValueError("item has no 'text' field")
        return item["text"], _id(item.get("id")), item.get("published")
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], dict):
        text, context = item
        return text, _id(context.get("id")), context.get("published")
    raise TypeError(f"expected str, dict, Article or (text, context) pair, got {type(item).__name__}")


def _id(value: Any) -> Optional[str]:
    return None if value is None else str(value)


def failed_article(error: BaseException, id: Optional[str] = None, text: Any = "") -> Article:
    return Article(id=id, text=text if isinstance(text, str) else "",
                   errors=[f"{type(error).__name__}: {error}"])


def extract_item(pipeline, item: Any) -> Article:
    """One item through the pipeline; never raises."""
    text, id = "", None
    try:
        text, id, published = read_item(item)
        return pipeline.extract(text, published=published, id=id)
    except Exception as error:
        return failed_article(error, id, text)


def run_batch(pipeline, items: Iterable[Any], *, workers: int = 1, executor=None, batch_size: int = 16,
              progress: bool = False) -> Iterator[Article]:
    from tqdm.auto import tqdm

    bar = tqdm(total=_length(items), unit="art", disable=not progress)
    try:
        for item in items:
            yield extract_item(pipeline, item)
            bar.update(1)
    finally:
        bar.close()


def _length(items: Any) -> Optional[int]:
    try:
        return len(items)
    except TypeError:
        return None
