"""Adversarial inputs: the pipeline must stay linear in time and memory.

    python benchmarks/adversarial.py                 # the full table (a few minutes)
    python benchmarks/adversarial.py --scale 0.1     # every input at a tenth of its size
    python benchmarks/adversarial.py --only quotes,nested
    python benchmarks/adversarial.py --only none --series quote   # one reported clause repeated, 50 KB .. 1 MB

Each input runs in a fresh process that has loaded the models on a warm-up article, so
"peak MB" is what the input adds to the resident set at its high-water mark. Then a
realistic article repeated to 100 KB .. 5 MB, and one reported clause ("Путин заявил,
что ВВП вырос на 3%, ") repeated to 50 KB .. 1 MB, one sentence of thousands of quotes
of one speaker, give seconds per MB, which stays flat when nothing is super-linear. tests/test_adversarial.py builds the same inputs at
modest sizes and checks the results, without timing.
"""
from __future__ import annotations

import argparse
import multiprocessing
import queue as queues
import resource
import sys
import time

# written for this benchmark: a news report with roles, quotes, figures and dates
ARTICLE = """\
Москва, 14 марта 2024 г.
Министр энергетики Казахстана Алмасбек Садыков провёл переговоры с делегацией Узбекистана
По словам министра, стороны договорились увеличить поставки электроэнергии уже в этом году. «Мы рассчитываем, что к концу года объём перетоков вырастет почти вдвое», — сказал Садыков журналистам после встречи.
Глава делегации, заместитель министра энергетики Узбекистана Шерзод Ходжаев, отметил, что проект линии электропередачи стоимостью около 210-250 млн долларов может быть завершён в 2026 году.
В 2023 году товарооборот между странами достиг 4,5 млрд долларов, увеличившись на 17% по сравнению с предыдущим годом. С января по февраль этого года он составил 612,3 млн долларов, что на 8% больше, чем годом ранее.
"Энергетика остаётся основой нашего партнёрства, - подчеркнул Ходжаев. - Мы готовы обсуждать и новые маршруты".
Как сообщила пресс-служба ведомства, в переговорах также участвовали представители компании KEGOC и более 30 экспертов.
Ранее, в понедельник, АО «Самрук-Энерго» объявило о выпуске облигаций на 25 млрд тенге.
"""

MB = 1_000_000


def repeat_to(text: str, size: int) -> str:
    """`text` repeated to exactly `size` characters, cut at a line break when possible."""
    out = (text * (size // len(text) + 1))[:size]
    cut = out.rfind("\n")
    return out[:cut + 1] if cut > size // 2 else out


def article(size: int) -> str:
    return repeat_to(ARTICLE, size)


def one_line(size: int) -> str:
    # the article's sentences with no line break at all: one 1 MB paragraph
    return repeat_to(ARTICLE.replace("\n", " "), size)


def quote_marks(count: int) -> str:
    return '"' * count


def mixed_quote_marks(count: int) -> str:
    return ("«„\"“”»'" * (count // 7 + 1))[:count]


def open_guillemets(count: int) -> str:
    return "«слово " * count


def ones(count: int) -> str:
    return "1 " * count


def digits(count: int) -> str:
    # one number with `count` digits
    return "выручка составила " + "7" * count + " рублей"


def nested_brackets(depth: int) -> str:
    inner = "Посол заявил: «да», а рост составил 5%."
    return "(" * depth + "[{" * depth + inner + "}]" * depth + ")" * depth


def nested_quotes(depth: int) -> str:
    return "Он сказал: " + "«слово „" * depth + "конец" + "“ слово»" * depth


def dashes(count: int) -> str:
    return "— " * count


def repeated_quote(size: int) -> str:
    # one sentence with no full stop: every "что" opens a quote of the same speaker
    return repeat_to("Путин заявил, что ВВП вырос на 3%, ", size)


# name -> (builder, size at full scale, what the size counts)
CASES = {
    "article 5 MB": (article, 5 * MB, "chars"),
    "one line 1 MB": (one_line, 1 * MB, "chars"),
    'quote marks "': (quote_marks, 100_000, "marks"),
    "mixed quote marks": (mixed_quote_marks, 100_000, "marks"),
    "« without »": (open_guillemets, 50_000, "marks"),
    '"1 " repeated': (ones, 100_000, "repeats"),
    "long digit run": (digits, 100_000, "digits"),
    "nested brackets": (nested_brackets, 20_000, "depth"),
    "nested quotes": (nested_quotes, 20_000, "depth"),
    "dashes": (dashes, 100_000, "dashes"),
    "repeated quote": (repeated_quote, 1 * MB, "chars"),
}
# name -> (builder, sizes): the inputs whose seconds per MB are shown size by size
SERIES = {
    "article": (article, [100_000, 500_000, 1 * MB, 2 * MB, 5 * MB]),
    "quote": (repeated_quote, [50_000, 100_000, 200_000, 400_000, 1 * MB]),
}


def build(name: str, scale: float = 1.0) -> str:
    """The input `name` at `scale` times its full size."""
    builder, size, _ = CASES[name]
    return builder(max(1, int(size * scale)))


def _measure(text: str, queue) -> None:
    import newsfacts

    pipeline = newsfacts.Pipeline()
    pipeline.extract(ARTICLE)  # models load here, outside the measurement
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), time.process_time()
    result = pipeline.extract(text)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((seconds, (peak - base) / 1024, len(result.errors), len(result.entities), len(result.figures), cpu))


def measure(text: str, timeout: float) -> tuple | None:
    """(seconds, peak MB added, errors, entities, figures, CPU seconds) of one input, in a fresh process;
    None when it takes longer than `timeout` seconds (the process is killed)."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_measure, args=(text, queue))
    process.start()
    try:
        result = queue.get(timeout=timeout + 30)  # + the models' loading
    except queues.Empty:
        result = None
        process.kill()
    process.join()
    return result


def print_row(*cells) -> None:
    widths = (22, 12, 10, 10, 9, 7, 9, 13)
    print(" ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(cells, widths))),
          flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="size of every input, relative to full")
    parser.add_argument("--only", help="comma-separated case names (substrings)")
    parser.add_argument("--no-scaling", action="store_true", help="skip the series of sizes")
    parser.add_argument("--series", default="article,quote", help="the series of sizes to run (default: article,quote)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds an input may take (default 600)")
    args = parser.parse_args(argv)

    names = [n for n in CASES if not args.only or any(part in n for part in args.only.split(","))]
    print_row("input", "size", "chars", "seconds", "peak MB", "errors", "entities")
    for name in names:
        text = build(name, args.scale)
        size = max(1, int(CASES[name][1] * args.scale))
        result = measure(text, args.timeout)
        if result is None:
            print_row(name, f"{size:,} {CASES[name][2]}", f"{len(text):,}", f"> {args.timeout:.0f}", "-", "-", "-")
            continue
        seconds, peak, errors, entities, _, _ = result
        print_row(name, f"{size:,} {CASES[name][2]}", f"{len(text):,}", f"{seconds:.2f}", f"{peak:.0f}", errors,
                  entities)
    if args.no_scaling:
        return 0
    for series in args.series.split(","):
        builder, sizes = SERIES[series]
        print()
        # CPU seconds too: on a shared machine they do not depend on what else runs
        print_row(f"{series} size", "s per MB", "chars", "seconds", "peak MB", "errors", "entities", "cpu s per MB")
        for size in sizes:
            text = builder(int(size * args.scale))
            result = measure(text, args.timeout)
            if result is None:
                print_row(f"{len(text) / 1000:,.0f} KB", "-", f"{len(text):,}", f"> {args.timeout:.0f}", "-", "-", "-")
                break   # larger ones would only take longer
            seconds, peak, errors, entities, _, cpu = result
            print_row(f"{len(text) / 1000:,.0f} KB", f"{seconds / (len(text) / MB):.2f}", f"{len(text):,}",
                      f"{seconds:.2f}", f"{peak:.0f}", errors, entities, f"{cpu / (len(text) / MB):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
