"""Dask: the same extraction over a bag or a DataFrame of articles, on any cluster.

    >>> import dask.bag as db, newsfacts.dask as nfd
    >>> records = nfd.extract_bag(db.read_text("news-*.jsonl").map(json.loads)).compute()
    >>> quotes = nfd.extract_frame(frame, "text", id="url", kind="quotes").compute()

Work goes out a partition at a time (`map_partitions`): a worker process runs each
partition through one Pipeline, and the models load once per worker process, on
its first partition (they are process-wide; the Pipeline pickles without them).
Worker processes run numpy's BLAS on one thread. Needs the `dask` extra:
`pip install 'newsfacts[dask]'`. For plain `concurrent.futures` use, pass
`distributed.Client().get_executor()` to `Pipeline.extract_many(executor=...)`.
"""
from __future__ import annotations

import os
from typing import Any, Optional

from .batch import extract_items, limit_threads
from .errors import MissingExtraError
from .frames import COLUMNS, KINDS, rows_of
from .pipeline import Pipeline

try:
    import dask  # noqa: F401
except ImportError:
    raise MissingExtraError("newsfacts.dask", "dask", "dask") from None

# rows (or items) a Dask partition gets when a pandas frame or a list is split for Dask:
# a few NER groups each, so the models' per-call cost is shared
PANDAS_ROWS = 64


def extract_bag(bag, pipeline: Optional[Pipeline] = None, *, kind: Optional[str] = None):
    """Records of a Dask bag of articles.

    Args:
        bag: a `dask.bag.Bag` of strings, dicts ("text", optional "id"/"published")
            or (text, context) pairs; a plain list or tuple is made a bag first.
        pipeline: the `Pipeline` to run (default: all extractors).
        kind: None for one dict per article (`Article.model_dump(mode="json")`,
            what `extract-many` writes); or a kind of `newsfacts.to_frame` for one
            dict per record of that kind (give the items ids: the rows name them).

    Returns:
        A lazy `dask.bag.Bag` of dicts, in the order of the input.
    """
    _check_kind(kind)
    pipeline = pipeline or Pipeline()
    if isinstance(bag, (list, tuple)):
        import dask.bag

        bag = dask.bag.from_sequence(bag, partition_size=PANDAS_ROWS)
    if not hasattr(bag, "map_partitions"):
        raise TypeError(f"expected a Dask bag, list or tuple, got {type(bag).__name__}")
    return bag.map_partitions(_bag_partition, pipeline, kind, os.getpid())


def extract_frame(frame, text: str = "text", *, id: Optional[str] = None, published: Optional[str] = None,
                  pipeline: Optional[Pipeline] = None, kind: str = "articles"):
    """One kind of record, as a Dask DataFrame, of a DataFrame column of article texts.

    Args:
        frame: a `dask.dataframe.DataFrame` with a column of texts, or a Dask Series
            of texts (whatever its name). A pandas DataFrame or Series is split into
            Dask partitions of `PANDAS_ROWS` rows first.
        text: the column of texts (not used for a Series).
        id: the column of article ids (default: the frame's index).
        published: the column of publication dates, if any.
        pipeline: the `Pipeline` to run (default: all extractors).
        kind: "articles" (one row per article), "entities", "references", "roles",
            "quotes", "figures" or "dates": the columns are those of `newsfacts.to_frame`.

    Returns:
        A lazy `dask.dataframe.DataFrame` with the columns `frames.COLUMNS[kind]`.

    Raises:
        ValueError: a column the frame does not have, an unknown kind.
        TypeError: not a DataFrame or a Series.
    """
    import pandas

    _check_kind(kind)
    if kind is None:
        raise ValueError(f"kind: expected one of {', '.join(KINDS)}, got None")
    pipeline = pipeline or Pipeline()
    if isinstance(frame, (pandas.DataFrame, pandas.Series)):
        import dask.dataframe

        # sort=False: the rows keep their order, whatever the index
        frame = dask.dataframe.from_pandas(frame, chunksize=PANDAS_ROWS, sort=False)
    if not hasattr(frame, "map_partitions"):
        raise TypeError(f"expected a Dask or pandas DataFrame or Series, got {type(frame).__name__}")
    if getattr(frame, "ndim", 2) != 1:  # a DataFrame (a Series has ndim 1, and columns of sorts too)
        for column in (text, id, published):
            if column is not None and column not in frame.columns:
                raise ValueError(f"no column {column!r}: expected one of {', '.join(map(str, frame.columns))}")
        texts = text
    else:  # a Series holds the texts themselves, and nothing else
        for name, column in (("id", id), ("published", published)):
            if column is not None:
                raise ValueError(f"{name}={column!r}: a Series of texts has no other columns; pass a DataFrame")
        texts = None
    meta = pandas.DataFrame({name: pandas.Series(dtype=object) for name in COLUMNS[kind]})
    return frame.map_partitions(_frame_partition, pipeline, kind, texts, id, published, os.getpid(), meta=meta,
                                enforce_metadata=False)


def _check_kind(kind: Optional[str]) -> None:
    if kind is not None and kind not in COLUMNS:
        raise ValueError(f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}")


# ------------------------------------------------------------------ worker side

def _articles(pipeline: Pipeline, items: list, parent_pid: int) -> list:
    if os.getpid() != parent_pid:  # a worker process; a local threaded scheduler keeps the caller's settings
        limit_threads()
    return extract_items(pipeline, items)


def _bag_partition(items, pipeline: Pipeline, kind: Optional[str], parent_pid: int) -> list[dict]:
    articles = _articles(pipeline, list(items), parent_pid)
    if kind is None:
        return [article.model_dump(mode="json") for article in articles]
    return [row for position, article in enumerate(articles) for row in rows_of(article, kind, position)]


def _frame_partition(part, pipeline: Pipeline, kind: str, text: str, id: Optional[str],
                     published: Optional[str], parent_pid: int):
    import pandas

    ids = part[id] if id is not None else part.index
    dates = part[published] if published is not None else [None] * len(part)
    texts = part if text is None else part[text]  # text None: the partition is a Series of texts
    items = [{"text": body, "id": None if _missing(key) else str(key), "published": None if _missing(day) else day}
             for body, key, day in zip(texts, ids, dates)]
    rows = [row for article in _articles(pipeline, items, parent_pid) for row in rows_of(article, kind)]
    return pandas.DataFrame(rows, columns=list(COLUMNS[kind]))


def _missing(value: Any) -> bool:
    # None, NaN, pandas' NA and NaT all stand for "no value" in a frame column
    import pandas

    try:
        return bool(pandas.isna(value))
    except (TypeError, ValueError):  # a list or an array: a value, however odd
        return False
