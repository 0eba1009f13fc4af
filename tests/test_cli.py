"""The `extract` and `schema` commands: exit codes, messages, JSON that parses back."""
from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from newsfacts import cli
from newsfacts.records import Article

TEXT = ("Посол Китая в Казахстане Чжан Сяо прибыл в Астану. «Мы рады», — сказал он. "
        "Товарооборот вырос на 32% и достиг 41 млрд долларов.\n")


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return str(path)


def test_extract_prints_an_article(tmp_path, capsys):
    code, out, _ = run(capsys, "extract", write(tmp_path, "a.txt", TEXT), "--published", "2024-07-07")
    assert code == 0
    article = Article.model_validate_json(out)
    assert article.text == TEXT and str(article.published) == "2024-07-07"
    assert "Чжан Сяо" in {entity.name for entity in article.entities}


def test_extract_reads_standard_input(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.encode("utf-8")), encoding="utf-8"))
    code, out, _ = run(capsys, "extract", "-")
    assert code == 0 and Article.model_validate_json(out).text == TEXT


def test_indent(tmp_path, capsys):
    code, out, _ = run(capsys, "extract", write(tmp_path, "a.txt", TEXT), "--indent", "2")
    assert code == 0 and out.startswith("{\n  ") and Article.model_validate_json(out).text == TEXT


def test_empty_file_gives_an_empty_article(tmp_path, capsys):
    code, out, _ = run(capsys, "extract", write(tmp_path, "empty.txt", ""))
    article = Article.model_validate_json(out)
    assert code == 0 and article.text == "" and article.entities == [] and article.sentences == []


def test_legacy_encoding(tmp_path, capsys):
    path = write(tmp_path, "cp1251.txt", TEXT.encode("cp1251"))
    code, _, err = run(capsys, "extract", path)
    assert code == 2 and "not utf-8 text" in err and "--encoding" in err
    code, out, _ = run(capsys, "extract", path, "--encoding", "cp1251")
    assert code == 0 and Article.model_validate_json(out).text == TEXT


def test_bad_utf8_names_the_file_and_the_byte(tmp_path, capsys):
    path = write(tmp_path, "bad.txt", "Посол".encode("utf-8") + b" \xff\xfe rest")
    code, out, err = run(capsys, "extract", path)
    assert code == 2 and out == ""
    assert err.startswith(f"newsfacts: {path}: not utf-8 text (byte 11: b'\\xff')")
    assert err.count("\n") == 1


def test_bad_utf8_on_standard_input(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"ok \xc3"), encoding="utf-8"))
    code, _, err = run(capsys, "extract", "-")
    assert code == 2 and "<stdin>: not utf-8 text (byte 3" in err


@pytest.mark.parametrize("argv, message", [
    (["extract", "/no/such/file.txt"], "/no/such/file.txt: no such file"),
    (["extract", "{tmp}"], ": is a directory"),
    (["extract", "{file}", "--published", "7 июля"], "published: cannot read '7 июля' as a date"),
    (["extract", "{file}", "--published", "2024-02-30"], "published"),
    (["extract", "{file}", "--encoding", "klingon"], "unknown encoding 'klingon'"),
    (["extract", "{file}", "--indent", "two"], "invalid int value"),
    (["extract"], "path"),
    (["extract", "{file}", "--bogus"], "unrecognized arguments: --bogus"),
    ([], "expected a command"),
    (["frobnicate"], "invalid choice"),
])
def test_usage_errors_exit_2_with_one_line(tmp_path, capsys, argv, message):
    file = write(tmp_path, "a.txt", TEXT)
    argv = [arg.format(tmp=tmp_path, file=file) for arg in argv]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("newsfacts: ") and message in err and err.count("\n") == 1


def test_schema(capsys):
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0 and schema["title"] == "Article" and out.startswith("{\n  ")
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"text", "entities", "quotes", "figures", "errors"} <= set(schema["properties"])
    # titles and descriptions, from the records' docstrings, on every record and every field
    assert schema["description"] and schema["properties"]["errors"]["description"]
    for name, record in schema["$defs"].items():
        assert record["title"] == name and record["description"], name
        for field, spec in record["properties"].items():
            assert spec.get("title") and spec.get("description"), f"{name}.{field}"
    code, out, _ = run(capsys, "schema", "--indent", "0")
    assert code == 0 and out.count("\n") == 1 and json.loads(out) == schema


def test_version(capsys):
    from importlib import metadata

    code, out, _ = run(capsys, "--version")
    assert code == 0 and out == f"newsfacts {metadata.version('newsfacts')}\n"


def test_published_forms_and_a_bom(tmp_path, capsys):
    code, out, _ = run(capsys, "extract", write(tmp_path, "a.txt", "\ufeff" + TEXT), "--published", "07.07.2024")
    article = Article.model_validate_json(out)
    assert code == 0 and str(article.published) == "2024-07-07"
    assert article.text == TEXT  # the byte order mark is gone, and every offset is the text's own


def test_a_page_without_html_gets_a_hint(tmp_path, capsys):
    for page in (PAGE, "\ufeff<!DOCTYPE html>\n" + PAGE):
        code, out, err = run(capsys, "extract", write(tmp_path, "page.html", page))
        assert code == 2 and out == ""
        assert "this is an HTML page; add --html" in err and err.count("\n") == 1
    code, _, err = run(capsys, "extract", write(tmp_path, "cp.html", PAGE.encode("cp1251")))
    assert code == 2 and "add --html" in err  # said before the bytes fail as UTF-8


def _break_entities(monkeypatch):
    import newsfacts.entities

    def broken(doc):
        raise RuntimeError("boom")

    monkeypatch.setattr(newsfacts.entities, "extract_entities", broken)


def test_strict_stops_at_an_article_with_errors(tmp_path, capsys, monkeypatch):
    _break_entities(monkeypatch)
    path = write(tmp_path, "a.txt", TEXT)
    code, out, err = run(capsys, "extract", path, "--strict")
    assert code == 1 and out == ""
    assert f"newsfacts: {path}: entities: RuntimeError: boom" in err


def test_without_strict_errors_are_warnings(tmp_path, capsys, monkeypatch):
    _break_entities(monkeypatch)
    path = write(tmp_path, "a.txt", TEXT)
    code, out, err = run(capsys, "extract", path)
    assert code == 0
    assert any("RuntimeError: boom" in error for error in Article.model_validate_json(out).errors)
    assert f"newsfacts: warning: {path}: entities: RuntimeError: boom" in err


def test_strict_passes_a_clean_article(tmp_path, capsys):
    code, out, err = run(capsys, "extract", write(tmp_path, "a.txt", TEXT), "--strict")
    assert code == 0 and err == "" and Article.model_validate_json(out).errors == []


PAGE = ("<html><head><title>Посол прибыл</title>"
        "<meta property='article:published_time' content='2024-07-05T10:00:00'></head><body>"
        "<nav>Главная | Контакты</nav><article><h1>Посол прибыл</h1><p>" + TEXT + "</p></article>"
        "<footer>© Все права защищены</footer></body></html>")


def test_extract_html(tmp_path, capsys):
    pytest.importorskip("trafilatura")
    code, out, _ = run(capsys, "extract", write(tmp_path, "page.html", PAGE), "--html")
    article = Article.model_validate_json(out)
    assert code == 0 and article.title == "Посол прибыл" and str(article.published) == "2024-07-05"
    assert "Главная" not in article.text and "Чжан Сяо" in {entity.name for entity in article.entities}
    for entity in article.entities:
        for mention in entity.mentions:
            assert article.text[mention.start:mention.stop] == mention.text


def test_extract_html_reads_the_declared_charset(tmp_path, capsys):
    pytest.importorskip("trafilatura")
    page = PAGE.replace("<head>", "<head><meta charset=windows-1251>").replace("©", "(c)")
    code, out, err = run(capsys, "extract", write(tmp_path, "page.html", page.encode("cp1251")), "--html")
    article = Article.model_validate_json(out)
    assert code == 0 and article.title == "Посол прибыл" and "Чжан Сяо прибыл в Астану" in article.text
    assert "Чжан Сяо" in {entity.name for entity in article.entities}
    # --encoding still overrides what the page declares
    code, out, _ = run(capsys, "extract", write(tmp_path, "page.html", PAGE.encode("cp1251")), "--html",
                       "--encoding", "cp1251")
    assert code == 0 and "Чжан Сяо" in Article.model_validate_json(out).text


def test_extract_html_without_the_extra(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    code, out, err = run(capsys, "extract", write(tmp_path, "page.html", PAGE), "--html")
    assert code == 2 and out == "" and "pip install 'newsfacts[html]'" in err


def test_module_entry_point(tmp_path):
    # the real process: `python -m newsfacts`, its exit codes and streams
    path = write(tmp_path, "a.txt", TEXT)
    done = subprocess.run([sys.executable, "-m", "newsfacts", "extract", path], capture_output=True, timeout=300)
    assert done.returncode == 0 and Article.model_validate_json(done.stdout).text == TEXT
    done = subprocess.run([sys.executable, "-m", "newsfacts", "extract", path + ".missing"], capture_output=True,
                          timeout=300)
    assert done.returncode == 2 and done.stdout == b"" and b"no such file" in done.stderr


def test_a_closed_pipe_exits_quietly(tmp_path):
    # `newsfacts extract-many … | head -n 1`: the reader leaves after one line
    lines = "".join(json.dumps({"id": str(n), "text": TEXT}, ensure_ascii=False) + "\n" for n in range(300))
    source = write(tmp_path, "in.jsonl", lines)
    process = subprocess.Popen([sys.executable, "-m", "newsfacts", "extract-many", source, "--extract", "entities",
                                "--batch-size", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=300) == 141  # as a program that SIGPIPE ended
    assert json.loads(first)["id"] == "0"
    assert b"Traceback" not in err and b"BrokenPipe" not in err and b"Exception ignored" not in err
