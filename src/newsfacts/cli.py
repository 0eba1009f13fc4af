"""The newsfacts command line: a thin layer over the library, no logic of its own.

    newsfacts extract PATH|- [--published YYYY-MM-DD] [--html] [--strict]
                                                       one article -> Article JSON
    newsfacts schema                                   the JSON Schema of Article
    newsfacts extract-many INPUT -o OUT.jsonl [--workers N] [--resume]
                                                       many articles -> one Article JSON a line

Exit status: 0 on success, 2 with a one-line message on bad usage or unreadable input,
1 when `extract --strict` meets an article it could not read in full.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Iterator, Optional


class UsageError(Exception):
    """Bad usage or unreadable input: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints usage and exits 2; we keep it to one line
        raise UsageError(message)


def read_text(path: str, encoding: str = "utf-8") -> str:
    """The text of PATH, or of standard input for "-"."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as file:
                data = file.read()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror or error}") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        name = "<stdin>" if path == "-" else path
        raise UsageError(f"{name}: not {encoding} text (byte {error.start}: {data[error.start:error.start + 1]!r}); "
                         f"try --encoding") from None
    except LookupError:
        raise UsageError(f"unknown encoding {encoding!r}") from None


def cmd_extract(args) -> int:
    import newsfacts
    from .errors import MissingExtraError

    text = read_text(args.path, args.encoding)
    try:
        if args.html:
            from .html import from_html

            article = from_html(text, published=args.published)
        else:
            article = newsfacts.Pipeline().extract(text, published=args.published)
    except ValueError as error:
        raise UsageError(str(error)) from None
    except MissingExtraError as error:
        raise UsageError(str(error)) from None
    name = "<stdin>" if args.path == "-" else args.path
    if article.errors and args.strict:
        for error in article.errors:
            print(f"newsfacts: {name}: {error}", file=sys.stderr)
        return 1
    for error in article.errors:  # the JSON carries them too; say so where a person looks
        print(f"newsfacts: warning: {name}: {error}", file=sys.stderr)
    sys.stdout.write(article.model_dump_json(indent=args.indent) + "\n")
    return 0


def cmd_schema(args) -> int:
    from .records import article_schema

    sys.stdout.write(json.dumps(article_schema(), ensure_ascii=False, indent=2) + "\n")
    return 0


# ------------------------------------------------------------------ extract-many

def _jsonl_entries(file, args) -> Iterator:
    """Batch items of a binary JSONL stream; a line that cannot be read becomes an error Article."""
    from .pipeline import failed_article

    for number, raw in enumerate(file, 1):
        if not raw.strip():
            continue
        line_id = f"line-{number}"
        try:
            record = json.loads(raw.decode(args.encoding))
        except ValueError as error:  # bad JSON, or bytes that are not in the encoding
            yield line_id, failed_article(f"input line {number}: not JSON ({error})", line_id)
            continue
        if isinstance(record, str):
            record = {args.text_field: record}
        if not isinstance(record, dict):
            yield line_id, failed_article(f"input line {number}: expected a JSON object, "
                                          f"got {type(record).__name__}", line_id)
            continue
        id = str(record[args.id_field]) if record.get(args.id_field) is not None else line_id
        text = record.get(args.text_field)
        if not isinstance(text, str):
            what = "no" if text is None else f"a {type(text).__name__} as its"
            yield id, failed_article(f"input line {number}: {what} {args.text_field!r} field", id)
            continue
        yield id, {"id": id, "text": text, "published": record.get(args.published_field)}


def _folder_entries(paths: list, encoding: str) -> Iterator:
    from .pipeline import failed_article

    for path in paths:
        try:
            text = path.read_bytes().decode(encoding)
        except (OSError, UnicodeDecodeError) as error:
            yield path.name, failed_article(f"input file {path.name}: cannot read ({error})", path.name)
            continue
        yield path.name, {"id": path.name, "text": text}


def _open_input(args, stack) -> tuple:
    """(entries, how many) of INPUT: a JSONL file, a folder of .txt files, or - (JSONL on stdin)."""
    import codecs
    from pathlib import Path

    try:
        codecs.lookup(args.encoding)
    except LookupError:
        raise UsageError(f"unknown encoding {args.encoding!r}") from None
    if args.input == "-":
        return _jsonl_entries(sys.stdin.buffer, args), None
    path = Path(args.input)
    if path.is_dir():
        paths = sorted(p for p in path.iterdir() if p.suffix == ".txt" and p.is_file())
        if not paths:
            raise UsageError(f"{args.input}: no .txt files in this folder")
        return _folder_entries(paths, args.encoding), len(paths)
    try:
        with open(path, "rb") as file:
            total = sum(1 for line in file if line.strip())
        stream = stack.enter_context(open(path, "rb"))
    except FileNotFoundError:
        raise UsageError(f"{args.input}: no such file or folder") from None
    except OSError as error:
        raise UsageError(f"{args.input}: cannot read: {error.strerror or error}") from None
    return _jsonl_entries(stream, args), total


def _resume_output(path: str) -> dict:
    """Ids already written to OUT; a broken tail (an interrupted write) is cut off, to be redone."""
    from collections import Counter

    done: Counter = Counter()
    try:
        file = open(path, "r+b")
    except FileNotFoundError:
        return done
    except OSError as error:
        raise UsageError(f"{path}: cannot resume: {error.strerror or error}") from None
    with file:
        good = 0
        for line in file:
            try:
                if not line.endswith(b"\n"):
                    raise ValueError("unfinished line")
                done[json.loads(line)["id"]] += 1
            except (ValueError, KeyError, TypeError):
                break
            good += len(line)
        file.truncate(good)
    return done


def _stages(value: Optional[str]) -> tuple:
    from .pipeline import EXTRACTORS

    if not value:
        return EXTRACTORS
    return tuple(name.strip() for name in value.split(",") if name.strip())


def cmd_extract_many(args) -> int:
    import contextlib
    from collections import deque

    import newsfacts

    if args.workers < 1:
        raise UsageError(f"--workers: expected 1 or more, got {args.workers}")
    if args.batch_size < 1:
        raise UsageError(f"--batch-size: expected 1 or more, got {args.batch_size}")
    if args.resume and args.output == "-":
        raise UsageError("--resume needs -o OUT.jsonl, not standard output")
    try:
        pipeline = newsfacts.Pipeline(extract=_stages(args.extract))
    except ValueError as error:
        raise UsageError(str(error)) from None
    with contextlib.ExitStack() as stack:
        entries, total = _open_input(args, stack)
        done = _resume_output(args.output) if args.resume else {}
        out = sys.stdout if args.output == "-" else _open_output(args.output, args.resume, stack)
        # errors of unreadable lines wait in line here, so OUT stays in input order
        queue: deque = deque()
        skipped = 0

        def items():
            nonlocal skipped
            for id, entry in entries:
                if done.get(id):
                    done[id] -= 1
                    skipped += 1
                    continue
                queue.append(entry if isinstance(entry, newsfacts.Article) else None)
                if queue[-1] is None:
                    yield entry

        progress = sys.stderr.isatty() if args.progress is None else args.progress
        remaining = None if total is None else max(0, total - sum(done.values()))
        written = failed = 0

        def write(article) -> None:
            nonlocal written, failed
            out.write(article.model_dump_json() + "\n")
            out.flush()
            written += 1
            failed += bool(article.errors)

        articles = pipeline.extract_many(_Sized(items(), remaining), workers=args.workers,
                                         batch_size=args.batch_size, progress=progress)
        for article in articles:
            while queue[0] is not None:
                write(queue.popleft())
            queue.popleft()
            write(article)
        for article in queue:
            write(article)
    where = "standard output" if args.output == "-" else args.output
    print(f"newsfacts: {written} articles written to {where} ({failed} with errors"
          + (f", {skipped} already there" if args.resume else "") + ")", file=sys.stderr)
    return 0


class _Sized:
    """An iterator with a length, so the progress bar knows its total."""

    def __init__(self, iterator, length: Optional[int]):
        self.iterator, self.length = iterator, length

    def __iter__(self):
        return self.iterator

    def __len__(self) -> int:
        if self.length is None:
            raise TypeError("length unknown")
        return self.length


def _open_output(path: str, append: bool, stack):
    try:
        return stack.enter_context(open(path, "a" if append else "w", encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"{path}: cannot write: {error.strerror or error}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="newsfacts", description="Typed facts from Russian news articles.")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    extract = commands.add_parser("extract", help="extract the facts of one article as JSON")
    extract.add_argument("path", help="a text file, or - for standard input")
    extract.add_argument("--published", help="publication date, YYYY-MM-DD (else from the dateline)")
    extract.add_argument("--encoding", default="utf-8", help="encoding of the input (default utf-8)")
    extract.add_argument("--indent", type=int, default=None, help="indent the JSON")
    extract.add_argument("--html", action="store_true",
                         help="the input is a raw HTML page: extract its main text first (needs newsfacts[html])")
    extract.add_argument("--strict", action="store_true",
                         help="exit 1 with the message when the article could not be read in full")
    extract.set_defaults(run=cmd_extract)

    schema = commands.add_parser("schema", help="print the JSON Schema of Article")
    schema.set_defaults(run=cmd_schema)

    many = commands.add_parser("extract-many", help="extract the facts of many articles, one JSON line each")
    many.add_argument("input", help="a JSONL file, a folder of .txt files (id = file name), or - for JSONL on stdin")
    many.add_argument("-o", "--output", default="-", help="the JSONL file to write (default: standard output)")
    many.add_argument("--text-field", default="text", help="JSONL field with the article text (default text)")
    many.add_argument("--id-field", default="id", help="JSONL field with the article id (default id; "
                                                       "else line-N)")
    many.add_argument("--published-field", default="published",
                      help="JSONL field with the publication date (default published)")
    many.add_argument("--workers", type=int, default=1, help="processes to run in (default 1)")
    many.add_argument("--batch-size", type=int, default=16, help="articles sent to a worker at a time")
    many.add_argument("--extract", help="comma-separated extractors to run (default: all)")
    many.add_argument("--resume", action="store_true",
                      help="skip the ids already in OUT and append the rest")
    many.add_argument("--encoding", default="utf-8", help="encoding of the input (default utf-8)")
    many.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                      help="show a progress bar on stderr (default: when stderr is a terminal)")
    many.set_defaults(run=cmd_extract_many)
    return parser


def main(argv: Optional[list[str]] = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if not getattr(args, "run", None):
            raise UsageError("expected a command: extract, extract-many or schema (see newsfacts --help)")
        return args.run(args)
    except UsageError as error:
        print(f"newsfacts: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
