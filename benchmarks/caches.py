"""Worst-case memory of the per-word caches: every one filled with different words.

    python benchmarks/caches.py [--words 250000]

The soak repeats the dev texts, so its word caches stop growing early; a real stream
of millions of articles brings ever new word forms. Here the models are loaded with
one article, then every bounded per-word cache of newsfacts (pymorphy parses,
lemmas, cue and case lookups ...) is called with the words of navec's vocabulary,
far more than a cache holds. Printed: the RSS after the first article, while the
caches fill and once they are full, and how many entries each cache holds. Not
collected by pytest.
"""
from __future__ import annotations

import argparse
import sys

MIB = 2 ** 20


def word_caches() -> dict[str, object]:
    """Every bounded lru cache of a newsfacts module, by qualified name."""
    caches = {}
    for name, module in sorted(sys.modules.items()):
        if not name.startswith("newsfacts."):
            continue
        for value in vars(module).values():
            info = getattr(value, "cache_info", None)
            if info is not None and getattr(value, "__module__", None) == name and info().maxsize:
                caches[f"{name}.{value.__name__}"] = value
    return caches


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=250_000, help="distinct words to feed (navec has 250,000)")
    args = parser.parse_args(argv)

    import psutil

    import newsfacts
    from newsfacts import nlp

    process = psutil.Process()
    newsfacts.Pipeline().extract("Посол Китая Чжан Сяо заявил, что товарооборот вырос на 32% в 2023 году.")
    start = process.memory_info().rss
    caches = word_caches()
    words = [w for w in nlp.embedding().vocab.words if w.isalpha()][:args.words]
    print(f"after one article: RSS {start / MIB:.0f} MiB; {len(caches)} bounded per-word caches; "
          f"{len(words):,} distinct words")
    step = max(1, len(words) // 5)
    for n, word in enumerate(words, 1):
        for cached in caches.values():
            cached(word)
        if n % step == 0 or n == len(words):
            rss = process.memory_info().rss
            print(f"{n:>9,} words: RSS {rss / MIB:5.0f} MiB (+{(rss - start) / MIB:.0f})")
    for name, cached in caches.items():
        info = cached.cache_info()
        print(f"  {name}: {info.currsize:,} of {info.maxsize:,} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
