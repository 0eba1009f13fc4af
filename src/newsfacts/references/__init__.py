"""References stage: the words that refer to an entity without naming it.

    Посол Китая Чжан Сяо ... подчеркнул Посол      a post -> the person the roles gave it
    компания Apple ... Компания сообщила           an organisation anaphor -> the last fitting ORG
    в Казахстане ... столица страны                a place anaphor -> the last fitting LOC
    Иванов заявил ... Он добавил                   a pronoun -> by agreement and salience
    Иванов, который ...                            "который" -> the name right before its clause

1. candidates: third-person pronouns from a closed list (`data/reference_pronouns.txt`),
   nouns from `data/reference_nouns.txt` and the post lexicon, found by word form before
   pymorphy is asked anything;
2. each candidate goes through `RULES` in order; the first rule that names an entity
   makes the reference, and the reference keeps the rule's name (`explain` shows them);
3. `doc.references` holds them; the pipeline hands each entity its `references`, and
   later stages add theirs (a quote's speaker named by a post or a pronoun).

`Resolver` is what later stages ask: who a pronoun or a post at some place means.

    lexicon    the words it reads, and the agreement of names and pronouns
    resolver   the article's entities and where each is named or referred to
    rules      the candidates and the ordered rules of this stage
    speakers   the ordered speaker rules quotes ask: who "пресс-служба", "он" means
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Optional

from ..doc import Doc
from .lexicon import (DASHES, POSSESSIVES, PRONOUNS, agreement_of, gender_of_name, is_np_word, reference_nouns,
                      speaker_nouns)
from .resolver import Resolver
from .rules import RULES, SALIENCE, Candidate, Reference, apposition, find_candidates, find_introduced, resolve
from .speakers import SPEAKER_RULES, Speakers

__all__ = ["DASHES", "POSSESSIVES", "PRONOUNS", "RULES", "SALIENCE", "SPEAKER_RULES", "Candidate", "Reference",
           "Resolver", "Speakers", "agreement_of", "explain", "extract_references", "find_references",
           "gender_of_name", "is_np_word", "not_the_speaker", "reference_nouns", "refers_to", "speaker_nouns"]


def find_references(resolver: Resolver) -> list[Reference]:
    found = []
    # a noun an entity was introduced with is read as that first ("итальянец" after "итальянец Марко Росси")
    candidates = sorted(find_candidates(resolver.doc) + find_introduced(resolver),
                        key=lambda c: (c.start, c.kind != "introduced"))
    for candidate in candidates:
        if resolver.mention_at(candidate.start, candidate.stop) is not None or apposition(resolver, candidate):
            continue      # a word inside a name, or right before it, is part of the name
        if found and found[-1].start == candidate.start:
            continue      # one reading a word
        reference = resolve(resolver, candidate)
        if reference is not None:
            found.append(reference)
            resolver.add(reference.start, reference.stop, reference.entity)
    return found


def refers_to(doc: Doc, start: int) -> Optional[Reference]:
    """Whom the pronoun or noun starting at `start` means, for a stage that runs before
    this one ("Он занимает пост министра": roles ask who "Он" is)."""
    resolver = Resolver(doc)
    si = resolver.sent_of(start)
    for candidate in find_candidates(doc, range(si, si + 1)):
        if candidate.start == start and not resolver.mention_at(candidate.start, candidate.stop):
            return resolve(resolver, candidate)
    return None


def not_the_speaker(doc: Doc, quotes: list[tuple[int, int, str]]) -> None:
    """"он", "его" inside a direct quote are not its speaker, who says "я" (on RuCoCo such
    a link was right 6 times in 37; resolving them again to the next best entity gained
    nothing): the pronoun keeps no reference. `quotes`: (start, stop, speaker id)."""
    quotes = sorted(quotes)
    starts = [q[0] for q in quotes]

    def speaker_around(at: int) -> Optional[str]:
        k = bisect_right(starts, at) - 1
        return quotes[k][2] if k >= 0 and at < quotes[k][1] else None

    doc.references = [ref for ref in doc.references
                      if ref.rule != "pronoun" or speaker_around(ref.start) != ref.entity]


def extract_references(doc: Doc) -> None:
    """Fill `doc.references`: every word that refers to an entity of the article without
    naming it, and `doc.resolver`, which later stages ask. Needs `doc.entities` and `doc.roles`."""
    doc.resolver = Resolver(doc)
    doc.references = find_references(doc.resolver)


def explain(doc: Doc) -> list[tuple[str, str, str]]:
    """(words, entity name, rule) of each reference, in text order: the debug view of this
    stage. A quote's speaker words show the speaker rule too ("speaker/organisation_noun")."""
    names = {e.id: e.name for e in doc.entities}
    decided = getattr(doc.resolver, "speaker_rules", {})
    rows = []
    for ref in sorted(doc.references, key=lambda ref: ref.start):
        rule = ref.rule
        if rule == "speaker":
            inner = [name for at, name in decided.items() if ref.start <= at < ref.stop and name]
            rule += f"/{inner[0]}" if inner else ""
        rows.append((doc.text[ref.start:ref.stop], names.get(ref.entity, ref.entity), rule))
    return rows
