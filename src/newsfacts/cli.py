"""The newsfacts command line: a thin layer over the library, no logic of its own.

    newsfacts extract PATH|- [--published DATE] [--html] [--strict]
                                                       one article -> Article JSON
    newsfacts schema [--indent N]                      the JSON Schema of Article
    newsfacts extract-many INPUT -o OUT.jsonl [--workers N] [--resume] [--html] [--strict]
                                                       many articles -> one Article JSON a line
    newsfacts --version

Exit status: 0 on success, 2 with a one-line message on bad usage or unreadable input,
1 with `--strict` when an article has errors; 130, 143 or 129 when Ctrl-C, SIGTERM or
SIGHUP stopped it (`extract-many` then says how many articles it wrote, and
`--resume` goes on from there).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
from typing import Iterator, Optional

BOM = "\ufeff"
# signals that end a run as Ctrl-C does (output flushed, a message, exit 128 + signal)
STOP_SIGNALS = ("SIGTERM", "SIGHUP")
HTML_SUFFIXES = (".html", ".htm")
DUPLICATES_SHOWN = 3


class UsageError(Exception):
    """Bad usage or unreadable input: printed as one line, exit status 2."""


class Stopped(BaseException):
    """A stop signal (SIGTERM, SIGHUP), raised in the main thread as Ctrl-C raises KeyboardInterrupt."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum, frame):
    # a second signal kills at once: whoever sends it will not wait for the cleanup
    signal.signal(signum, signal.SIG_DFL)
    raise Stopped(signum)


@contextlib.contextmanager
def _stop_signals_held():
    """Ctrl-C and the stop signals wait while one line is written and counted, so that the
    count the stop message gives is always the number of whole lines in the file: their
    handlers are swapped for one that notes the signal, which is then handled as usual
    (a process-wide signal may reach any thread, so holding it in one is not enough)."""
    if threading.current_thread() is not threading.main_thread():
        yield       # only the main thread may set handlers; and only it receives the exceptions
        return
    arrived: list[int] = []
    held = [signal.SIGINT] + [getattr(signal, name) for name in STOP_SIGNALS if hasattr(signal, name)]
    previous = {signum: signal.signal(signum, lambda signum, frame: arrived.append(signum)) for signum in held}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if arrived:
        handler = previous[arrived[0]]
        if callable(handler):
            handler(arrived[0], None)       # Stopped, or KeyboardInterrupt for Ctrl-C
        elif handler == signal.SIG_DFL:
            os.kill(os.getpid(), arrived[0])


def _signal_name(error: BaseException) -> str:
    if isinstance(error, Stopped):
        return signal.Signals(error.signum).name
    return "Ctrl-C"


def _exit_status(error: BaseException) -> int:
    return 128 + (error.signum if isinstance(error, Stopped) else signal.SIGINT)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints usage and exits 2; we keep it to one line
        raise UsageError(message)


def read_bytes(path: str) -> bytes:
    """The bytes of PATH, or of standard input for "-"."""
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
    return data


def read_text(path: str, encoding: str = "utf-8") -> str:
    """The text of PATH, or of standard input for "-", without a byte order mark."""
    return decode(read_bytes(path), encoding, "<stdin>" if path == "-" else path)


def decode(data: bytes, encoding: str, name: str) -> str:
    """Text of bytes in an encoding; a UTF-8 byte order mark at the start is dropped."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UsageError(f"{name}: not {encoding} text (byte {error.start}: {data[error.start:error.start + 1]!r}); "
                         f"try --encoding") from None
    except LookupError:
        raise UsageError(f"unknown encoding {encoding!r}") from None
    return text[1:] if text.startswith(BOM) else text


def looks_like_html(text: str) -> bool:
    """Whether a text is a saved web page rather than an article."""
    head = text.lstrip(BOM + "\xef\xbb\xbf \t\r\n")[:1000].lower()  # a BOM, decoded or not
    return head.startswith(("<!doctype html", "<html")) or (head.startswith("<") and "<body" in head)


def cmd_extract(args) -> int:
    import newsfacts
    from .errors import MissingExtraError
    from .published import parse_published

    name = "<stdin>" if args.path == "-" else args.path
    try:
        published = parse_published(args.published)  # the user's own date: a typo is bad usage
    except ValueError as error:
        raise UsageError(str(error)) from None
    data = read_bytes(args.path)
    try:
        if args.html:
            from .html import from_html

            # bytes: the page's own <meta charset> decides, unless --encoding says otherwise
            page = data if args.encoding is None else decode(data, args.encoding, name)
            article = from_html(page, published=published)
        else:
            if looks_like_html(data[:2000].decode("latin-1")):  # its markers are ASCII in any charset
                raise UsageError(f"{name}: this is an HTML page; add --html to read its main text")
            text = decode(data, args.encoding or "utf-8", name)
            article = newsfacts.Pipeline().extract(text, published=published)
    except MissingExtraError as error:
        raise UsageError(str(error)) from None
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

    indent = args.indent if args.indent and args.indent > 0 else None  # 0: one line
    sys.stdout.write(json.dumps(article_schema(), ensure_ascii=False, indent=indent) + "\n")
    return 0


# ------------------------------------------------------------------ extract-many

def _html_entry(id: str, page, published=None):
    """A batch item of a saved page: its main text and date by trafilatura; its headline
    rides along in "title", for the Article the pipeline gives. A page without main text
    gives an error Article, as `from_html` does."""
    from .html import read_html
    from .pipeline import failed_article

    text, title, page_date = read_html(page)
    if not text:
        return failed_article("html: no main text found in the page", id)
    return {"id": id, "text": text, "published": published or page_date, "title": title}


def _jsonl_entries(file, args) -> Iterator:
    """(id, batch item) of a binary JSONL stream; a line that cannot be read gives an error Article."""
    from .pipeline import failed_article

    for number, raw in enumerate(file, 1):
        if not raw.strip():
            continue
        line_id = f"line-{number}"
        try:
            line = raw.decode(args.encoding)
            record = json.loads(line[1:] if number == 1 and line.startswith(BOM) else line)
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
        published = record.get(args.published_field)
        if args.html:
            yield id, _read_page(id, text, published, f"input line {number}")
        else:
            yield id, {"id": id, "text": text, "published": published}


def _read_page(id: str, page, published, where: str):
    from .errors import MissingExtraError
    from .pipeline import failed_article

    try:
        return _html_entry(id, page, published)
    except MissingExtraError:
        raise
    except Exception as error:  # a page trafilatura chokes on costs only itself
        return failed_article(f"{where}: cannot read the page ({type(error).__name__}: {error})", id)


def _folder_entries(folder, paths: list, args) -> Iterator:
    from .pipeline import failed_article

    for path in paths:
        id = path.relative_to(folder).as_posix()
        try:
            data = path.read_bytes()
            if args.html:  # bytes: each page's own charset decides, unless --encoding says otherwise
                page = data if args.encoding_given is None else decode(data, args.encoding, id)
                yield id, _read_page(id, page, None, f"input file {id}")
            else:
                yield id, {"id": id, "text": decode(data, args.encoding, id)}
        except (OSError, UsageError) as error:
            yield id, failed_article(f"input file {id}: cannot read ({error})", id)


def _folder_files(folder, html: bool) -> list:
    """The article files under a folder and its subfolders, in path order; hidden ones left out."""
    suffixes = HTML_SUFFIXES if html else (".txt",)
    return sorted(path for path in folder.rglob("*")
                  if path.suffix.lower() in suffixes and path.is_file()
                  and not any(part.startswith(".") for part in path.relative_to(folder).parts))


def _open_input(args, stack) -> tuple:
    """(entries, how many) of INPUT: a JSONL file, a folder of .txt files (of pages
    with --html), or - (JSONL on stdin)."""
    import codecs
    from pathlib import Path

    try:
        codecs.lookup(args.encoding)
    except LookupError:
        raise UsageError(f"unknown encoding {args.encoding!r}") from None
    if args.html:
        from .html import _trafilatura

        try:
            _trafilatura()
        except ImportError as error:
            raise UsageError(str(error)) from None
    if args.input == "-":
        return _jsonl_entries(sys.stdin.buffer, args), None
    path = Path(args.input)
    if path.is_dir():
        paths = _folder_files(path, args.html)
        if not paths:
            what = "/".join(HTML_SUFFIXES) if args.html else ".txt"
            raise UsageError(f"{args.input}: no {what} files in this folder or below")
        return _folder_entries(path, paths, args), len(paths)
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


class _Duplicates:
    """Warns of an id seen before: --resume goes by ids, so it cannot tell such articles apart."""

    def __init__(self):
        self.seen: set = set()
        self.count = 0

    def check(self, id: str) -> None:
        if id not in self.seen:
            self.seen.add(id)
            return
        self.count += 1
        if self.count <= DUPLICATES_SHOWN:
            print(f"newsfacts: warning: duplicate id {id!r}: --resume tells articles apart by id",
                  file=sys.stderr)

    def summary(self) -> None:
        if self.count > DUPLICATES_SHOWN:
            print(f"newsfacts: warning: {self.count} duplicate ids in all", file=sys.stderr)


def cmd_extract_many(args) -> int:
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
    where = "standard output" if args.output == "-" else args.output
    written = failed = skipped = 0
    duplicates = _Duplicates()
    with contextlib.ExitStack() as stack:
        entries, total = _open_input(args, stack)
        done = _resume_output(args.output) if args.resume else {}
        out = sys.stdout if args.output == "-" else _open_output(args.output, args.resume, stack)
        # in input order: an Article ready (an unreadable line), or the title of an item
        # sent to the pipeline (a page's headline; None for text)
        queue: deque = deque()

        def items():
            nonlocal skipped
            for id, entry in entries:
                duplicates.check(id)
                if done.get(id):
                    done[id] -= 1
                    skipped += 1
                    continue
                if isinstance(entry, newsfacts.Article):
                    queue.append(entry)
                    continue
                queue.append(_Title(entry.pop("title", None)))
                yield entry

        progress = sys.stderr.isatty() if args.progress is None else args.progress
        remaining = None if total is None else max(0, total - sum(done.values()))

        def write(article) -> None:
            nonlocal written, failed
            with _stop_signals_held():
                out.write(article.model_dump_json() + "\n")
                out.flush()
                written += 1
                failed += bool(article.errors)

        articles = pipeline.extract_many(_Sized(items(), remaining), workers=args.workers,
                                         batch_size=args.batch_size, progress=progress)
        try:
            for article in articles:
                while not isinstance(queue[0], _Title):
                    write(queue.popleft())
                title = queue.popleft().title
                write(article.model_copy(update={"title": title}) if title else article)
            for article in queue:
                write(article)
        except (KeyboardInterrupt, Stopped) as error:
            articles.close()  # stops the workers before the message
            print(f"newsfacts: stopped by {_signal_name(error)}: {written} articles written"
                  + ("" if args.output == "-" else f" to {where}; rerun with --resume to go on"),
                  file=sys.stderr)
            return _exit_status(error)
        finally:
            articles.close()
    duplicates.summary()
    print(f"newsfacts: {written} articles written to {where} ({failed} with errors"
          + (f", {skipped} already there" if args.resume else "") + ")", file=sys.stderr)
    if args.strict and failed:
        print(f"newsfacts: {failed} articles with errors (--strict)", file=sys.stderr)
        return 1
    return 0


class _Title:
    """The place of an article the pipeline is extracting, in the output order."""
    __slots__ = ("title",)

    def __init__(self, title: Optional[str]):
        self.title = title


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


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("newsfacts")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        from . import __version__

        return __version__


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="newsfacts", description="Typed facts from Russian news articles.")
    parser.add_argument("--version", action="version", version=f"newsfacts {_version()}")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    extract = commands.add_parser("extract", help="extract the facts of one article as JSON")
    extract.add_argument("path", help="a text file, or - for standard input")
    extract.add_argument("--published", help="publication date: 2024-07-07, 07.07.2024, 7 июля 2024 … "
                                             "(else from the dateline)")
    extract.add_argument("--encoding", default=None,
                         help="encoding of the input (default utf-8; with --html, the page's own charset)")
    extract.add_argument("--indent", type=int, default=None, help="indent the JSON")
    extract.add_argument("--html", action="store_true",
                         help="the input is a raw HTML page: extract its main text first (needs newsfacts[html])")
    extract.add_argument("--strict", action="store_true",
                         help="exit 1 with the message when the article could not be read in full")
    extract.set_defaults(run=cmd_extract)

    schema = commands.add_parser("schema", help="print the JSON Schema of Article")
    schema.add_argument("--indent", type=int, default=2, help="indent the JSON (default 2; 0: one line)")
    schema.set_defaults(run=cmd_schema)

    many = commands.add_parser("extract-many", help="extract the facts of many articles, one JSON line each")
    many.add_argument("input", help="a JSONL file, a folder of .txt files, read with its subfolders (id = the "
                                    "file's path in it), or - for JSONL on stdin")
    many.add_argument("-o", "--output", default="-", help="the JSONL file to write (default: standard output)")
    many.add_argument("--text-field", default="text", help="JSONL field with the article text (default text)")
    many.add_argument("--id-field", default="id", help="JSONL field with the article id (default id; "
                                                       "else line-N)")
    many.add_argument("--published-field", default="published",
                      help="JSONL field with the publication date (default published)")
    many.add_argument("--html", action="store_true",
                      help="the articles are saved HTML pages: a folder of .html/.htm files, or JSONL whose "
                           "text field holds the page (needs newsfacts[html])")
    many.add_argument("--workers", type=int, default=1, help="processes to run in (default 1)")
    many.add_argument("--batch-size", type=int, default=16, help="articles sent to a worker at a time")
    many.add_argument("--extract", help="comma-separated extractors to run (default: all)")
    many.add_argument("--resume", action="store_true",
                      help="skip the ids already in OUT and append the rest")
    many.add_argument("--strict", action="store_true", help="exit 1 when any article has errors")
    many.add_argument("--encoding", default=None,
                      help="encoding of the input (default utf-8; with --html, each page's own charset)")
    many.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                      help="show a progress bar on stderr (default: when stderr is a terminal)")
    many.set_defaults(run=cmd_extract_many)
    return parser


def main(argv: Optional[list[str]] = None) -> int:
    previous = _catch_stop_signals()
    try:
        args = build_parser().parse_args(argv)
        if not getattr(args, "run", None):
            raise UsageError("expected a command: extract, extract-many or schema (see newsfacts --help)")
        if args.run is cmd_extract_many:
            args.encoding_given, args.encoding = args.encoding, args.encoding or "utf-8"
        return args.run(args)
    except UsageError as error:
        print(f"newsfacts: {error}", file=sys.stderr)
        return 2
    except SystemExit as done:  # --help, --version
        return done.code if isinstance(done.code, int) else 0
    except (KeyboardInterrupt, Stopped) as error:
        return _exit_status(error)
    except BrokenPipeError:
        return _reader_gone()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _catch_stop_signals() -> dict:
    """SIGTERM and SIGHUP raise Stopped in the main thread (where a signal can be caught)."""
    previous = {}
    if threading.current_thread() is not threading.main_thread():
        return previous
    for name in STOP_SIGNALS:
        signum = getattr(signal, name, None)
        if signum is not None:
            previous[signum] = signal.signal(signum, _stop)
    return previous


def _reader_gone() -> int:
    """`newsfacts … | head`: the reader left; exit quietly, as a killed-by-SIGPIPE program would."""
    try:
        # the interpreter flushes stdout once more on exit: send that to nowhere
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # a stdout without a file descriptor
        pass
    return 128 + getattr(signal, "SIGPIPE", 13)


if __name__ == "__main__":
    sys.exit(main())


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
