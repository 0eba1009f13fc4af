"""Speaker accuracy on a silver set taken from RuCoCo's coreference chains.

    python benchmarks/silver_speakers.py [--data ../shared/data] [--errors]

A direct quote that holds a first-person singular word ("я", "мне") whose RuCoCo chain
belongs to an entity has that entity as its speaker: so `rucoco-dev.jsonl` checks the
speaker rules on far more quotes than the hand-annotated files. A chain belongs to the
entity whose name mentions it holds most (as `score.py` decides for `coref.*`). The
articles of the odd lines of `quotes-figures-newsru.jsonl` are left out: they are kept
for the held-out check. Not collected by pytest.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

FIRST_PERSON = re.compile(r"(?<!\w)(?:я|меня|мне|мной|мною)(?!\w)", re.I)


def chain_owners(gold: dict, article) -> dict[int, str]:
    """Start of each chain mention -> the entity id that owns its chain."""
    named = [(m.start, m.stop, e.id) for e in article.entities for m in e.mentions]
    owners = {}
    for chain in gold["chains"]:
        votes = Counter(eid for a, b in chain for s, t, eid in named if a <= s and t <= b)
        if votes:
            owner = votes.most_common(1)[0][0]
            owners.update((a, owner) for a, _ in chain)
    return owners


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
        # score.py's odd lines are the 1st, 3rd, ... (0-based even indexes)
        held_out = {json.loads(line)["id"] for n, line in enumerate(file) if n % 2 == 0}
    counts, wrong = Counter(), []
    with open(data / "rucoco-dev.jsonl", encoding="utf-8") as file:
        for line in file:
            gold = json.loads(line)
            if gold["id"] in held_out:
                continue
            text = gold["text"]
            article = newsfacts.extract(text)
            owners = chain_owners(gold, article)
            for quote in article.quotes:
                if quote.kind != "direct":
                    continue
                said = [owners[m.start()] for m in FIRST_PERSON.finditer(text, quote.span.start, quote.span.stop)
                        if m.start() in owners]
                if not said:
                    continue
                speaker = Counter(said).most_common(1)[0][0]
                verdict = "right" if quote.speaker == speaker else "none" if quote.speaker is None else "wrong"
                counts[verdict] += 1
                if verdict != "right":
                    names = {e.id: e.name for e in article.entities}
                    wrong.append(f"{gold['id']}\t{verdict}\tsilver={names.get(speaker)!r}\t"
                                 f"got={names.get(quote.speaker)!r}\t{quote.text[:80]}")
    total = sum(counts.values())
    print(f"silver speaker accuracy {counts['right'] / total:.3f} on {total} quotes "
          f"({counts['wrong']} wrong, {counts['none']} with no speaker)")
    if args.errors:
        print("\n".join(wrong))
    return 0


if __name__ == "__main__":
    sys.exit(main())
