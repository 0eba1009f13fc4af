"""razdel and slovnet adapter: sentences, tokens, NER spans and syntax.

The slovnet models and navec embeddings are the ones the natasha wheel ships. They are
loaded straight from its data folder: importing natasha itself would pull in pymorphy2,
which needs pkg_resources. Models load once per process, on first use.
"""
from __future__ import annotations

import contextlib
import importlib.util
import os
import re
from functools import cache
from typing import Any, Callable

from razdel import sentenize, tokenize

from . import morph
from .clean import CAPS_DATELINE, DOMAIN_DATELINE, LINE_BREAK
from .doc import Mention, Sent, Token
from .errors import ModelsMissingError

NER_BATCH = 16
SYNTAX_BATCH = 16
# slovnet pads a batch to its longest sentence: cap what one item may hold
MAX_SENT_TOKENS = 200
MAX_PADDING = 2         # a batch's longest item is at most this many times its shortest


def _natasha_data() -> str:
    spec = importlib.util.find_spec("natasha")
    if spec is None or not spec.submodule_search_locations:
        raise ModelsMissingError("the natasha package is not installed: pip install natasha")
    return os.path.join(list(spec.submodule_search_locations)[0], "data")


@cache
def _blas():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@cache
def _blas_libraries() -> list:
    return _blas().select(user_api="blas").lib_controllers


def one_blas_thread():
    """numpy's BLAS on one thread while slovnet runs: its matrices are small, and a second
    thread per process only fights the other processes for the cores. Where BLAS already
    runs on one thread (pool workers), nothing is set: setting and restoring it costs a
    quarter of a millisecond a call."""
    if all(lib.num_threads == 1 for lib in _blas_libraries()):
        return contextlib.nullcontext()
    return _blas().limit(limits=1, user_api="blas")


@cache
def embedding():
    from navec import Navec

    return Navec.load(os.path.join(_natasha_data(), "emb", "navec_news_v1_1B_250K_300d_100q.tar"))


@cache
def ner_model():
    from slovnet import NER

    return NER.load(os.path.join(_natasha_data(), "model", "slovnet_ner_news_v1.tar"), batch_size=NER_BATCH).navec(
        embedding())


@cache
def syntax_model():
    from slovnet import Syntax

    return Syntax.load(os.path.join(_natasha_data(), "model", "slovnet_syntax_news_v1.tar"),
                       batch_size=SYNTAX_BATCH).navec(embedding())


def segment(text: str, regions: list[tuple[int, int]]) -> list[Sent]:
    """razdel sentences and tokens of each region of `text`, offsets into `text`."""
    sents = []
    for region_start, region_stop in regions:
        chunk = text[region_start:region_stop]
        spans = _split_datelines(chunk, _joined_names(chunk, [(s.start, s.stop) for s in sentenize(chunk)]))
        for start, stop in spans:
            piece = chunk[start:stop]
            start += region_start
            tokens = [Token(start + t.start, start + t.stop, t.text) for t in tokenize(piece)]
            if tokens:
                sents.append(Sent(start, region_start + stop, piece, tokens))
    return sents


# a sentence that ends in a short quoted name with "!" or "?" after its noun ("группы
# «Экозащита!»", "Компания «Yahoo!»"): razdel ends the sentence there
QUOTED_EXCLAIMED_NAME = re.compile(r"([а-яё][а-яё-]*)\s+[«\"„“](?:[^\s«»\"„“]+\s?){1,3}[!?][»\"“]$", re.I)


EXCLAIMED_ENDS = tuple(mark + quote for mark in "!?" for quote in "»\"“")


def _is_noun(word: str) -> bool:
    """The noun a quoted name is named with ("группы", "Компания"); not "сказал «Стой!»"."""
    return "NOUN" in morph.tags(word.lower())


def _joined_names(chunk: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """razdel's sentences, each joined with the next when it ends in a quoted name with
    "!" or "?" and the next goes on in the same line ("«Экозащита!» Владимир Сливяк")."""
    out: list[tuple[int, int]] = []
    for start, stop in spans:
        last = chunk[out[-1][0]:out[-1][1]] if out else ""
        # the regex only for the few sentences that end in "!»" or "?»"
        name = QUOTED_EXCLAIMED_NAME.search(last) if last.endswith(EXCLAIMED_ENDS) else None
        if name and "\n" not in chunk[out[-1][1]:start] and _is_noun(name.group(1)):
            out[-1] = (out[-1][0], stop)
        else:
            out.append((start, stop))
    return out


DATELINE_WORDS = 4      # words of each sentence of a dateline before the outlet's name


def _split_datelines(chunk: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A story's first sentence that opens with its outlet's dateline ("INTERFAX.RU - Министр
    ... заявил"): the dateline is a sentence of its own, so the outlet is no subject of it."""
    out: list[tuple[int, int]] = []
    datelined = True    # every sentence so far is a dateline's place or date
    for start, stop in spans:
        match = None
        if datelined:
            match = DOMAIN_DATELINE.match(chunk, start, stop) or (
                CAPS_DATELINE.match(chunk, start, stop) if out else None)
        if match is not None and match.end() < stop:
            out += [(start, match.end()), (match.end(), stop)]
        else:
            out.append((start, stop))
        datelined = datelined and match is None and len(chunk[start:stop].split()) <= DATELINE_WORDS
    return out


def _length_batches(items: list, length: Callable[[Any], int], size: int) -> list[list]:
    """Items sorted by length, cut into batches of at most `size` whose longest is at most
    twice their shortest: slovnet pads a batch to its longest item, so one article's few
    paragraphs of 10 and 200 words are cheaper in two batches than in one."""
    batches: list[list] = []
    for item in items:
        if not batches or len(batches[-1]) >= size or length(item) > MAX_PADDING * length(batches[-1][0]):
            batches.append([])
        batches[-1].append(item)
    return batches


def _pieces(sent: Sent) -> list[tuple[int, int]]:
    # token ranges of at most MAX_SENT_TOKENS: a runaway "sentence" (a table, a list) is cut
    n = len(sent.tokens)
    return [(i, min(i + MAX_SENT_TOKENS, n)) for i in range(0, n, MAX_SENT_TOKENS)]


def _paragraph_pieces(sents: list[Sent], text: str) -> list[list[Token]]:
    """Tokens of runs of sentences within one line, at most MAX_SENT_TOKENS each."""
    pieces: list[list[Token]] = []
    previous = None
    for sent in sents:
        for first, last in _pieces(sent):
            tokens = sent.tokens[first:last]
            # never across a line break (\r, \u2028 ... too): a mention must not span two lines
            if (pieces and previous is not None and not LINE_BREAK.search(text[previous:tokens[0].start])
                    and len(pieces[-1]) + len(tokens) <= MAX_SENT_TOKENS):
                pieces[-1].extend(tokens)
            else:
                pieces.append(list(tokens))
            previous = tokens[-1].stop
    return pieces


def _bio_mentions(tokens: list[Token], tags: list[str], text: str):
    kind, start, stop = None, 0, 0
    for token, tag in zip(tokens, tags):
        part, _, type = tag.partition("-")
        if part == "B" or (part == "I" and kind is None):
            if kind:
                yield Mention(start, stop, kind, text[start:stop])
            kind, start, stop = type, token.start, token.stop
        elif part == "I":
            stop = token.stop
        else:
            if kind:
                yield Mention(start, stop, kind, text[start:stop])
            kind = None
    if kind:
        yield Mention(start, stop, kind, text[start:stop])


def tag_ner(sents: list[Sent], text: str) -> list[Mention]:
    """slovnet NER over the paragraphs, in batches; spans in document offsets.

    A paragraph gives the tagger more context than one sentence (a surname at the
    start of a sentence is found more often). Items go in sorted by length, so a
    batch pads little, and as the tokens razdel already made, so nothing is
    tokenized twice.
    """
    return tag_ner_many([(sents, text)])[0]


def tag_ner_many(docs: list[tuple[list[Sent], str]]) -> list[list[Mention]]:
    """`tag_ner` of several documents, their paragraphs in the same batches.

    A short article fills few batches of its own; many together fill them all, and
    sorted by length they pad little. The tags do not depend on the batch.
    """
    pieces = [(n, piece) for n, (sents, text) in enumerate(docs) for piece in _paragraph_pieces(sents, text)]
    found: list[list[Mention]] = [[] for _ in docs]
    if not pieces:
        return found
    pieces.sort(key=lambda numbered: len(numbered[1]))
    infer = ner_model().infer
    tagged: list = []
    with one_blas_thread():
        for batch in _length_batches(pieces, lambda numbered: len(numbered[1]), NER_BATCH):
            tagged += infer.decoder(infer.process(infer.encoder([[t.text for t in piece] for _, piece in batch])))
    for (n, piece), tags in zip(pieces, tagged):
        found[n].extend(_bio_mentions(piece, tags, docs[n][1]))
    for mentions in found:
        mentions.sort(key=lambda m: m.start)
    return found


def parse_syntax(sents: list[Sent]) -> None:
    """slovnet syntax over the sentences, in batches: fills Token.head and Token.rel."""
    # sorted by length: a batch pads to its longest sentence
    jobs = sorted(((sent, first, last) for sent in sents for first, last in _pieces(sent)), key=lambda j: j[2] - j[1])
    if not jobs:
        return
    markups: list = []
    with one_blas_thread():
        for batch in _length_batches(jobs, lambda job: job[2] - job[1], SYNTAX_BATCH):
            markups += syntax_model().map([[t.text for t in sent.tokens[first:last]] for sent, first, last in batch])
    for (sent, first, last), markup in zip(jobs, markups):
        for token, parsed in zip(sent.tokens[first:last], markup.tokens):
            head = int(parsed.head_id)
            token.head = first + head - 1 if head > 0 else -1
            token.rel = parsed.rel
        sent.parsed = True
