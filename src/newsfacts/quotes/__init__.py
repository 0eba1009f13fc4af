"""Quotes stage: direct and indirect speech, with its cue and its speaker.

    «Q», — сказал X.            direct: a speech verb after the quote
    X заявил: «Q».              direct: a colon and a speech verb before it
    «Q1, — сказал X, — Q2».     two direct quotes, one attribution
    X отметил, что Q.           indirect: a speech verb and a что-clause
    По словам X, Q.             indirect: a source phrase
    Q, сообщает X.              indirect: content first
    X заявил, что Q, сообщает Y.   two: Q is X's, "X заявил, что Q" is Y's
    Иванов: Q¶Q2¶Петров: Q3     direct: a transcript, by its speaker labels
    — вопрос?¶— Q               direct: an interview's answers, of the person the lead names
    Об этом сообщили в X.       no quote, but X is settled as a source ("По данным ведомства" after it)

The package, in the order a text goes through it:

    marks.py      pair quotation marks over each paragraph in one pass (razdel splits
                  sentences inside quotes, so pairs are not looked for sentence by sentence)
    text.py       the document seen by the rules (`Text`), the `Cue` and `Found` records
    cues.py       lexicons of speech verbs and phrases; the cue next to a quote or a clause
    direct.py     rules for direct speech, quoted or with its marks lost
    indirect.py   rules for reported speech
    selection.py  overlaps settled by the rank of each rule (`RANKS`), continued paragraphs
    speakers.py   the words naming a cue's speaker, parsed only in sentences with a cue;
                  the references stage's `Speakers` follows them to an entity

Every quote found knows the rule that made it: `explain(doc)` lists them.
"""
from __future__ import annotations

from typing import Optional

from ..doc import Doc
from ..morph import fold
from ..references import DASHES, Resolver, Speakers, not_the_speaker
from .cues import cue_at
from .direct import find_direct, find_interview_answers, find_transcripts, find_unquoted_direct
from .indirect import find_bare_reports, find_colon_clauses, find_content_first, find_source_phrases, find_that_clauses
from .marks import pair_quotes
from .selection import CONTINUED, RANKS, keep_continued, quoted_whole, select, to_quote
from .speakers import SpeakerWords, first_person_references, speaker_words_as_references
from .text import DIRECT, Found, Text

__all__ = ["extract_quotes", "explain", "pair_quotes", "cue_at", "RANKS"]


def find_quotes(tx: Text) -> list[Found]:
    """Every candidate quote of the text, overlaps settled, speakers not yet known."""
    direct = find_direct(tx) + find_transcripts(tx)
    direct += find_unquoted_direct(tx, direct) + find_interview_answers(tx)
    indirect = find_that_clauses(tx) + find_source_phrases(tx) + find_content_first(tx) + find_colon_clauses(tx)
    for found in indirect:
        quoted_whole(tx, found)
    return select(tx, direct + indirect)


SUBJECT_PRONOUNS = frozenset({"он", "она", "оно", "они"})


def _name_beside_cue(tx: Text, f: Found) -> bool:
    """A name or a personal pronoun right after the cue ("— сказал Иван Петров", "—
    сказал он"), or opening the clause right before it ("Петров заявил", "Он заявил"),
    is its speaker without a parse."""
    tokens = tx.sents[f.sent].tokens
    if f.role == "after":
        k = f.token + 1
        if k < len(tokens) and fold(tokens[k].text) in SUBJECT_PRONOUNS and (
                k + 1 == len(tokens) or not tokens[k + 1].text[:1].isalpha()):
            return True     # "— сказал он." (not "сказала её сестра")
        mention = tx.mention_at(tokens[k].start, tokens[k].stop) if k < len(tokens) else None
        return mention is not None and mention[0] == tokens[k].start
    if f.role == "" and f.token > 0:
        last = tokens[f.token - 1]
        if fold(last.text) in SUBJECT_PRONOUNS:
            first = f.token - 1
        else:
            mention = tx.mention_at(last.start, last.stop)
            if mention is None or mention[1] != last.stop:
                return False
            first = tx.token_at(f.sent, mention[0])
        return first == 0 or tokens[first - 1].text in ",.;:!?" + DASHES
    return False


def _run(doc: Doc) -> list[Found]:
    """The quotes of the article with their speakers, as found records."""
    tx = Text(doc)
    found = find_quotes(tx)
    # the parser runs only where a cue verb's subject is looked for
    needed = {id(tx.sents[f.sent]): tx.sents[f.sent] for f in found
              if f.token is not None and f.role not in ("source", "impersonal") and not _name_beside_cue(tx, f)}
    doc.require_syntax(sorted(needed.values(), key=lambda s: s.start))
    rules = Speakers(doc.resolver if doc.resolver is not None else Resolver(doc))
    words = SpeakerWords(tx, rules)
    for f in sorted(found + find_bare_reports(tx), key=lambda f: f.start):
        if f.lead is not None:      # an interview answer: the person the lead names
            rules.quote = (f.start, f.stop)
            f.speaker = rules.person_before(f.lead, None)
            f.dropped = f.speaker is None
        elif f.rule != CONTINUED:
            words.find(f)
            rules.note(f.stop, f.speaker, f.speaker_span)
    found = [f for f in found if not f.dropped]
    return keep_continued(tx, found)


def extract_quotes(doc: Doc) -> None:
    """Fill `doc.quotes` with the direct and indirect quotes of the article.

    Needs `doc.entities` and `doc.roles`; parses the syntax of the sentences that hold
    a cue, and no others.

    Args:
        doc: the document, with sentences, entities and roles filled in.
    """
    kept = _run(doc)
    speaker_words_as_references(doc, kept)
    doc.quotes = [to_quote(doc.text, f) for f in kept]
    doc.references += first_person_references(doc, kept)
    not_the_speaker(doc, [(f.start, f.stop, f.speaker) for f in kept if f.kind == DIRECT and f.speaker])


def explain(doc: Doc) -> list[tuple[str, str, Optional[str], str]]:
    """(quoted words, kind, cue, rule) of each quote: the debug view of this stage.

    Runs the stage on `doc` as `extract_quotes` does (the stages before it done), and
    says which rule found each quote; the public records do not carry it.
    """
    kept = _run(doc)
    doc.quotes = [to_quote(doc.text, f) for f in kept]
    return [(doc.text[f.start:f.stop], f.kind, f.lemma, f.rule) for f in kept]
