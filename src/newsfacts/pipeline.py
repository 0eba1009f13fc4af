"""Pipeline: orders the stages, runs only what the caller asked for, builds the Article.

    text -> clean -> nlp (razdel, slovnet NER; syntax on demand)
         -> entities -> roles -> references -> quotes / figures / dates -> Article

Each extractor is a function `extract_<name>(doc)` in a module of its own, imported
when first needed. A `Pipeline` holds only its settings: models are process-wide and
load lazily, so a Pipeline pickles small and worker processes load their own.
"""
from __future__ import annotations

import importlib
import traceback
from datetime import date, datetime
from typing import Any, Iterable, Iterator, Optional, Sequence

from . import nlp
from .clean import clean
from .doc import Doc
from .errors import expected
from .published import parse_published, read_published  # noqa: F401 (parse_published: the old home)
from .records import Article, Span

# name -> (module, function, the extractors it needs first)
STAGES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "entities": ("newsfacts.entities", "extract_entities", ()),
    "roles": ("newsfacts.roles", "extract_roles", ("entities",)),
    "references": ("newsfacts.references", "extract_references", ("entities", "roles")),
    "dates": ("newsfacts.dates", "extract_dates", ()),
    "quotes": ("newsfacts.quotes", "extract_quotes", ("entities", "roles", "references")),
    "figures": ("newsfacts.figures", "extract_figures", ("entities", "dates")),
}
EXTRACTORS = tuple(STAGES)
NEEDS_NER = {"entities"}


def _stage_function(name: str):
    module, function, _ = STAGES[name]

    def run(doc: Doc) -> None:
        getattr(importlib.import_module(module), function)(doc)

    return run


def _resolve(names: Iterable[str]) -> tuple[str, ...]:
    wanted: list[str] = []

    def add(name: str) -> None:
        if name not in STAGES:
            raise ValueError(f"unknown extractor {name!r}: expected some of {', '.join(EXTRACTORS)}")
        for need in STAGES[name][2]:
            add(need)
        if name not in wanted:
            wanted.append(name)

    for name in names:
        add(name)
    return tuple(n for n in EXTRACTORS if n in wanted)


class Pipeline:
    """Extracts typed facts from Russian news articles.

    Args:
        extract: the extractors to run, some of "entities", "roles", "references", "dates",
            "quotes", "figures" (default: all). What they need runs too; the rest
            does not (entities alone never runs the syntax parser).

    Example:
        >>> nf = Pipeline()
        >>> art = nf.extract("Посол Китая Чжан Сяо прибыл в Астану.", published="2024-07-07")
        >>> [e.name for e in art.entities]
        ['Китай', 'Чжан Сяо', 'Астана']
    """

    def __init__(self, extract: Iterable[str] = EXTRACTORS):
        if isinstance(extract, str):
            extract = (extract,)
        self.stages = _resolve(extract)

    def __repr__(self) -> str:
        return f"Pipeline(extract={self.stages!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pipeline) and other.stages == self.stages

    def __hash__(self) -> int:
        return hash(self.stages)

    def extract(self, text: str, published: Any = None, id: Optional[str] = None) -> Article:
        """Facts of one article.

        Args:
            text: the article, as plain text.
            published: its publication date (a date, datetime, epoch seconds or a
                string: ISO, "07.07.2024", "7 июля 2024", RFC 2822; see
                `newsfacts.published`); when None or unreadable (then `errors`
                says so), a dateline in the text gives it, if there is one.
            id: carried into `Article.id`.

        Returns:
            An `Article`. A stage that fails leaves its facts empty and says why in
            `Article.errors`; wrong argument types raise TypeError.
        """
        _check(text, id)
        doc = self._start(text, published)
        self._tag([doc])
        return self._finish(doc, id)

    def extract_group(self, jobs: Sequence[tuple[str, Any, Optional[str]]]) -> list[Article]:
        """Facts of several articles, in order, the NER tagger run over all of them at once.

        The same facts as `extract` gives each of them (the tagger's output does not
        depend on what shares its batches), in less time: the tagger's batches fill
        up, which halves its time on short news articles. Batches use it, a chunk at
        a time.

        Args:
            jobs: (text, published, id) of each article.

        Returns:
            One `Article` per job; never raises: an article that cannot be extracted
            yields one whose `errors` say why.
        """
        docs: list[Optional[Doc]] = []
        out: list[Optional[Article]] = []
        for text, published, id in jobs:
            try:
                _check(text, id)
                docs.append(self._start(text, published))
                out.append(None)
            except Exception as error:
                docs.append(None)
                out.append(failed_article(error, id, text))
        self._tag([doc for doc in docs if doc is not None])
        for n, doc in enumerate(docs):
            if doc is None:
                continue
            text, _, id = jobs[n]
            try:
                out[n] = self._finish(doc, id)
            except Exception as error:
                out[n] = failed_article(error, id, text)
        return out

    def _start(self, text: str, published: Any) -> Doc:
        """The Doc, cleaned and cut into sentences and tokens."""
        when, problem = read_published(published)  # an unreadable date costs no facts
        doc = Doc(text=text, published=when, errors=[problem] if problem else [])
        cleaned = clean(text)
        doc.skipped = cleaned.skipped
        doc.title = cleaned.title
        if doc.published is None:
            doc.published = cleaned.published
        doc.sents = nlp.segment(text, cleaned.regions)
        doc.parser = nlp.parse_syntax
        return doc

    def _tag(self, docs: list[Doc]) -> None:
        """NER mentions of the docs, all at once; one by one if that fails, so that
        an article the tagger cannot take costs only its own mentions."""
        if not NEEDS_NER & set(self.stages) or not docs:
            return
        if len(docs) > 1:
            try:
                found = nlp.tag_ner_many([(doc.sents, doc.text) for doc in docs])
            except Exception:
                pass
            else:
                for doc, mentions in zip(docs, found):
                    doc.mentions = mentions
                return
        for doc in docs:
            self._stage(doc, "ner", lambda d: setattr(d, "mentions", nlp.tag_ner(d.sents, d.text)))

    def _finish(self, doc: Doc, id: Optional[str]) -> Article:
        for name in self.stages:
            self._stage(doc, name, _stage_function(name))
        return to_article(doc, id)

    @staticmethod
    def _stage(doc: Doc, name: str, run) -> None:
        try:
            run(doc)
        except Exception as error:  # one stage failing must not lose the others
            where = traceback.extract_tb(error.__traceback__)[-1]
            doc.errors.append(f"{name}: {type(error).__name__}: {error} "
                              f"({where.filename.rsplit('/', 1)[-1]}:{where.lineno})")

    def extract_many(self, items: Iterable[Any], *, workers: int = 1, executor=None, batch_size: int = 16,
                     progress: bool = False) -> Iterator[Article]:
        """Facts of many articles, in input order (see `newsfacts.batch.run_batch`).

        Args:
            items: strings, dicts with "text" and optional "id"/"published", or
                (text, context) pairs whose context dict gives "id"/"published".
            workers: processes to run in (1: this process).
            executor: any `concurrent.futures.Executor` (a Dask client's included).
            batch_size: articles sent to a worker at a time, and tagged by NER
                together.
            progress: show a tqdm progress bar.

        Yields:
            One `Article` per item; a bad item yields an Article whose `errors` says why.
        """
        from .batch import run_batch

        return run_batch(self, items, workers=workers, executor=executor, batch_size=batch_size,
                         progress=progress)


def _check(text: Any, id: Any) -> None:
    if not isinstance(text, str):
        raise expected("str for text", text)
    if id is not None and not isinstance(id, str):
        raise expected("str or None for id", id)


def failed_article(error: BaseException | str, id: Optional[str] = None, text: Any = "") -> Article:
    """An Article that carries only why it could not be extracted."""
    message = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    return Article(id=id if isinstance(id, str) else None, text=text if isinstance(text, str) else "",
                   errors=[message])


def _with_references(doc: Doc) -> list:
    """The entities, each with the references found to it (in text order, no span twice)."""
    if not doc.references:
        return doc.entities
    spans: dict[str, dict[tuple[int, int], Span]] = {}
    for ref in doc.references:
        spans.setdefault(ref.entity, {})[(ref.start, ref.stop)] = Span(start=ref.start, stop=ref.stop,
                                                                       text=doc.text[ref.start:ref.stop])
    return [entity.model_copy(update={"references": [spans[entity.id][k] for k in sorted(spans[entity.id])]})
            if entity.id in spans else entity for entity in doc.entities]


def to_article(doc: Doc, id: Optional[str]) -> Article:
    return Article(
        id=id, text=doc.text, published=doc.published, title=doc.title,
        sentences=[Span(start=s.start, stop=s.stop, text=s.text) for s in doc.sents],
        entities=_with_references(doc), roles=doc.roles, quotes=doc.quotes, figures=doc.figures,
        dates=doc.dates, errors=doc.errors,
    )


_default: Optional[Pipeline] = None


def extract(text: str, published: Any = None, id: Optional[str] = None) -> Article:
    """`Pipeline().extract` on a pipeline shared by the process."""
    global _default
    if _default is None:
        _default = Pipeline()
    return _default.extract(text, published=published, id=id)
