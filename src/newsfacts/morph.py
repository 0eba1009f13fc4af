"""pymorphy3 adapter: the only module that imports pymorphy3.

Parses are cached per word form; the analyzer loads once per process, on first use.
"""
from __future__ import annotations

import os
from functools import cache, lru_cache

import pymorphy3


# entries of each per-word cache here and in the stages: the most recent word forms of
# a stream, which hold nearly all of its tokens. All seven caches full take 145 MiB
# (benchmarks/caches.py), so a worker's memory stays bounded however many different
# words millions of articles bring.
WORD_CACHE = 50_000
NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})     # a parse that reads the word as a person's name


@cache
def analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=WORD_CACHE)
def parse(word: str) -> tuple:
    try:
        return tuple(analyzer().parse(word))
    except ValueError:
        # pymorphy3 asks unicodedata for character names; unassigned code points have none
        return ()


@lru_cache(maxsize=WORD_CACHE)
def fold(word: str) -> str:
    """Lower case, ё as е: how the stages compare words (cached: each token is asked often)."""
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=WORD_CACHE)
def lemma(word: str) -> str:
    """Lower-case lemma of the most likely parse, ё folded to е."""
    parses = parse(word)
    if not parses:
        return word.lower().replace("ё", "е")
    return parses[0].normal_form.replace("ё", "е")


def forms_of(lemmas) -> frozenset[str]:
    """The lemmas and every form of their lexemes ("тысяча" -> "тысячами" ...), lower
    case, ё folded: a set to test a word against before asking pymorphy about it."""
    wanted = {lemma.lower().replace("ё", "е") for lemma in lemmas}
    forms = set(wanted)
    for lemma in wanted:
        for p in parse(lemma):
            if p.normal_form.replace("ё", "е") in wanted:
                forms.update(form.word.replace("ё", "е") for form in p.lexeme)
    return frozenset(forms)


def lemmas(words) -> list[str]:
    return [lemma(word) for word in words]


def tags(word: str) -> set[str]:
    """Grammemes of the most likely parse ("NOUN", "gent", "Surn" ...)."""
    parses = parse(word)
    return set(parses[0].tag.grammemes) if parses else set()


def has_pos(word: str, *pos: str) -> bool:
    """Whether any parse of the word has one of these parts of speech."""
    return any(p.tag.POS in pos for p in parse(word))


def inflect(word: str, grammemes: frozenset[str], pick=None) -> str | None:
    """The word put into `grammemes`, using the first parse accepted by `pick`; None if it can't."""
    for p in parse(word):
        if pick is not None and not pick(p):
            continue
        form = inflect_parse(p, grammemes, word)
        if form is not None:
            return form
    return None


def inflect_parse(p, grammemes, word: str) -> str | None:
    """A parse of `word` put into `grammemes`; of the lexeme's forms with that tag, the one
    closest to the word as written ("Высшей" -> "высшая", not pymorphy's first, "высочайшая")."""
    form = p.inflect(set(grammemes))
    if form is None:
        return None
    written = word.lower()
    if len(os.path.commonprefix([form.word, written])) >= min(len(form.word), len(written)) - 2:
        return form.word    # the same stem: most words have one form a tag
    same = [f.word for f in p.lexeme if f.tag == form.tag]
    return max(same, key=lambda w: len(os.path.commonprefix([w, written])))


def match_case(original: str, form: str) -> str:
    """Give `form` the capitalisation of `original` (pymorphy3 answers in lower case)."""
    if original.isupper() and len(original) > 1:
        return form.upper()
    if original[:1].isupper():
        # keep inner capitals of hyphenated names: "Нью-Йорка" -> "Нью-Йорк"
        parts, source = form.split("-"), original.split("-")
        if len(parts) == len(source):
            return "-".join(p[:1].upper() + p[1:] if s[:1].isupper() else p for p, s in zip(parts, source))
        return form[:1].upper() + form[1:]
    return form
