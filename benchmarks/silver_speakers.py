"""Speaker accuracy on two silver sets taken from RuCoCo's coreference chains.

    python benchmarks/silver_speakers.py [--data ../shared/data] [--errors]

- "я" quotes: a direct quote that holds a first-person singular word ("я", "мне") whose
  RuCoCo chain belongs to an entity has that entity as its speaker.
- speaker words: a quote whose speaker words are not a name ("он", "собеседник
  агентства в МЧС", "ведомство") and lie in (or around) a chain mention that belongs to
  an entity has that entity as its speaker. Quotes whose speaker and silver speaker are
  of different types are left out: there the chain is mostly a person's, voted to the
  organisation named inside it ("представитель МИД" -> МИД).

A chain belongs to the entity whose name mentions it holds most (as `score.py` decides
for `coref.*`). Both check the speaker rules on far more quotes than the hand-annotated
files. The articles of the odd lines of `quotes-figures-newsru.jsonl` (score.py's 1st,
3rd, ... lines) are left out: they are kept for the held-out check. Not collected by pytest.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

FIRST_PERSON = re.compile(r"(?<!\w)(?:я|меня|мне|мной|мною)(?!\w)", re.I)


def chain_owners(gold: dict, article) -> dict[tuple[int, int], str]:
    """(start, stop) of each chain mention -> the entity id that owns its chain."""
    named = [(m.start, m.stop, e.id) for e in article.entities for m in e.mentions]
    owners = {}
    for chain in gold["chains"]:
        votes = Counter(eid for a, b in chain for s, t, eid in named if a <= s and t <= b)
        if votes:
            owner = votes.most_common(1)[0][0]
            owners.update(((a, b), owner) for a, b in chain)
    return owners


def first_person_speaker(quote, text: str, starts: dict[int, str]) -> str | None:
    """The entity RuCoCo links the quote's "я" to, if a direct quote."""
    if quote.kind != "direct":
        return None
    said = [starts[m.start()] for m in FIRST_PERSON.finditer(text, quote.span.start, quote.span.stop)
            if m.start() in starts]
    return Counter(said).most_common(1)[0][0] if said else None


def words_speaker(quote, article, owners: dict[tuple[int, int], str]) -> str | None:
    """The entity RuCoCo links the quote's speaker words to, when they hold no name."""
    words = quote.speaker_span
    if words is None or any(words.start <= m.start and m.stop <= words.stop
                            for e in article.entities for m in e.mentions):
        return None
    around = [(b - a, owner) for (a, b), owner in owners.items()
              if (a <= words.start and words.stop <= b) or (words.start <= a and b <= words.stop)]
    return min(around)[1] if around else None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    parser.add_argument("--errors", action="store_true", help="print every quote whose speaker differs")
    args = parser.parse_args(argv)
    data = Path(args.data)
    if not (data / "rucoco-dev.jsonl").exists():
        print(f"no rucoco-dev.jsonl in {data}", file=sys.stderr)
        return 1

    import newsfacts

    with open(data / "quotes-figures-newsru.jsonl", encoding="utf-8") as file:
        held_out = {json.loads(line)["id"] for n, line in enumerate(file) if n % 2 == 0}
    counts = {"я": Counter(), "words": Counter()}
    wrong = []
    with open(data / "rucoco-dev.jsonl", encoding="utf-8") as file:
        for line in file:
            gold = json.loads(line)
            if gold["id"] in held_out:
                continue
            text = gold["text"]
            article = newsfacts.extract(text)
            owners = chain_owners(gold, article)
            starts = {a: owner for (a, _), owner in owners.items()}
            types = {e.id: e.type for e in article.entities}
            names = {e.id: e.name for e in article.entities}
            for quote in article.quotes:
                for check, silver in (("я", first_person_speaker(quote, text, starts)),
                                      ("words", words_speaker(quote, article, owners))):
                    if silver is None or (check == "words" and quote.speaker is not None
                                          and types[quote.speaker] != types[silver]):
                        continue
                    verdict = "right" if quote.speaker == silver else "none" if quote.speaker is None else "wrong"
                    counts[check][verdict] += 1
                    if verdict != "right":
                        words = quote.speaker_span.text if quote.speaker_span else None
                        wrong.append(f"{gold['id']}\t{check}\t{verdict}\tsilver={names.get(silver)!r}\t"
                                     f"got={names.get(quote.speaker)!r}\twords={words!r}\t{quote.text[:80]}")
    for check, label in (("я", "'я' quotes"), ("words", "speaker words")):
        c = counts[check]
        total = sum(c.values())
        print(f"silver speaker accuracy, {label}: {c['right'] / max(total, 1):.3f} on {total} quotes "
              f"({c['wrong']} wrong, {c['none']} with no speaker)")
    if args.errors:
        print("\n".join(wrong))
    return 0


if __name__ == "__main__":
    sys.exit(main())
