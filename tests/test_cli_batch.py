"""newsfacts extract-many: JSONL/folder/stdin in, one Article a line out, in order; --resume."""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from newsfacts.cli import main

ENTITIES = ["--extract", "entities"]
TEXTS = [
    "Президент Казахстана Касым-Жомарт Токаев прибыл в Пекин.",
    "Министр финансов России Антон Силуанов выступил в Москве.",
    "Посол Франции в России Пьер Леви посетил Санкт-Петербург.",
    "Мэр Москвы Сергей Собянин осмотрел новую станцию метро.",
    "Делегация Узбекистана провела переговоры в Бишкеке.",
]


def _write_jsonl(path, lines):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _read(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def corpus(tmp_path):
    lines = [json.dumps({"id": f"a{n}", "text": text}, ensure_ascii=False) for n, text in enumerate(TEXTS)]
    lines.insert(2, '{"id": "broken", "text": ')        # not JSON: line 3
    lines.insert(4, json.dumps({"body": TEXTS[0]}))     # no text field: line 5
    return _write_jsonl(tmp_path / "in.jsonl", lines)


def test_jsonl_in_order_with_error_records(corpus, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["extract-many", str(corpus), "-o", str(out), *ENTITIES]) == 0
    records = _read(out)
    assert [r["id"] for r in records] == ["a0", "a1", "line-3", "a2", "line-5", "a3", "a4"]
    assert "input line 3: not JSON" in records[2]["errors"][0]
    assert records[4]["errors"] == ["input line 5: no 'text' field"]
    assert [r["text"] for r in records if not r["errors"]] == TEXTS
    assert {e["name"] for e in records[0]["entities"]} >= {"Касым-Жомарт Токаев", "Пекин"}
    err = capsys.readouterr().err
    assert "7 articles written" in err and "2 with errors" in err and "\r" not in err  # no bar off a terminal


def test_fields_and_folder_and_stdin(tmp_path, monkeypatch, capsys):
    custom = _write_jsonl(tmp_path / "custom.jsonl", [
        json.dumps({"url": "u1", "body": TEXTS[0], "date": "2024-07-07"}, ensure_ascii=False),
        json.dumps({"body": TEXTS[1]}, ensure_ascii=False),
    ])
    out = tmp_path / "custom-out.jsonl"
    args = ["--text-field", "body", "--id-field", "url", "--published-field", "date"]
    assert main(["extract-many", str(custom), "-o", str(out), *args, *ENTITIES]) == 0
    assert [(r["id"], r["published"]) for r in _read(out)] == [("u1", "2024-07-07"), ("line-2", None)]

    folder = tmp_path / "texts"
    folder.mkdir()
    for name, text in [("b.txt", TEXTS[1]), ("a.txt", TEXTS[0]), ("skip.md", "не статья")]:
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "c.txt").write_bytes(b"\xff\xfe broken")
    out = tmp_path / "folder-out.jsonl"
    assert main(["extract-many", str(folder), "-o", str(out), *ENTITIES]) == 0
    records = _read(out)
    assert [r["id"] for r in records] == ["a.txt", "b.txt", "c.txt"]
    assert records[0]["text"] == TEXTS[0] and "cannot read" in records[2]["errors"][0]

    stdin = "\n".join(json.dumps({"text": text}, ensure_ascii=False) for text in TEXTS[:2]).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    capsys.readouterr()
    assert main(["extract-many", "-", *ENTITIES]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["line-1", "line-2"]


@pytest.mark.parametrize("argv, message", [
    (["extract-many", "missing.jsonl"], "missing.jsonl: no such file or folder"),
    (["extract-many", "IN", "--workers", "0"], "--workers: expected 1 or more"),
    (["extract-many", "IN", "--resume"], "--resume needs -o"),
    (["extract-many", "IN", "--extract", "gossip"], "unknown extractor 'gossip'"),
    (["extract-many", "IN", "--encoding", "klingon"], "unknown encoding"),
    (["extract-many", "EMPTY"], "no .txt files"),
])
def test_bad_usage_exits_2_with_one_line(corpus, tmp_path, capsys, argv, message):
    (tmp_path / "empty").mkdir()
    argv = [{"IN": str(corpus), "EMPTY": str(tmp_path / "empty")}.get(a, a) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_resume_after_cut_gives_the_same_output(corpus, tmp_path):
    whole = tmp_path / "whole.jsonl"
    assert main(["extract-many", str(corpus), "-o", str(whole), *ENTITIES]) == 0
    data = whole.read_bytes()
    lines = data.splitlines(keepends=True)
    cut = tmp_path / "cut.jsonl"
    cut.write_bytes(b"".join(lines[:3]) + lines[3][:40])  # a run killed in the middle of a line
    assert main(["extract-many", str(corpus), "-o", str(cut), "--resume", "--workers", "2", *ENTITIES]) == 0
    assert cut.read_bytes() == data
    # a finished OUT: resuming redoes nothing
    assert main(["extract-many", str(corpus), "-o", str(cut), "--resume", *ENTITIES]) == 0
    assert cut.read_bytes() == data


def test_resume_after_a_killed_run(tmp_path):
    # a real interruption: SIGKILL the CLI while it writes, then resume
    texts = [f"{TEXTS[n % len(TEXTS)]} Сообщение {n}." for n in range(400)]
    source = _write_jsonl(tmp_path / "in.jsonl",
                          [json.dumps({"id": f"n{n}", "text": t}, ensure_ascii=False) for n, t in enumerate(texts)])
    whole, cut = tmp_path / "whole.jsonl", tmp_path / "cut.jsonl"
    command = [sys.executable, "-m", "newsfacts", "extract-many", str(source), *ENTITIES, "--batch-size", "4"]
    process = subprocess.Popen(command + ["-o", str(cut)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if cut.exists() and cut.read_bytes().count(b"\n") >= 20:
            os.kill(process.pid, signal.SIGKILL)
            break
        time.sleep(0.01)
    assert process.wait() == -signal.SIGKILL  # killed mid-run, not finished
    assert main(["extract-many", str(source), "-o", str(whole), *ENTITIES]) == 0
    assert main(["extract-many", str(source), "-o", str(cut), "--resume", *ENTITIES]) == 0
    assert cut.read_bytes() == whole.read_bytes()


def test_strict_exits_1_when_an_article_has_errors(corpus, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["extract-many", str(corpus), "-o", str(out), "--strict", *ENTITIES]) == 1
    assert len(_read(out)) == 7  # everything is still written
    assert "2 articles with errors (--strict)" in capsys.readouterr().err
    clean = _write_jsonl(tmp_path / "clean.jsonl", [json.dumps({"text": t}, ensure_ascii=False) for t in TEXTS])
    assert main(["extract-many", str(clean), "-o", str(out), "--strict", *ENTITIES]) == 0


def test_duplicate_ids_are_warned_of(tmp_path, capsys):
    lines = [json.dumps({"id": id, "text": TEXTS[n]}, ensure_ascii=False) for n, id in enumerate("abab")]
    source = _write_jsonl(tmp_path / "dup.jsonl", lines + [json.dumps({"id": "a", "text": "Текст."})])
    out = tmp_path / "out.jsonl"
    assert main(["extract-many", str(source), "-o", str(out), *ENTITIES]) == 0
    err = capsys.readouterr().err
    assert err.count("warning: duplicate id") == 3 and "duplicate id 'a'" in err and "--resume" in err
    assert [r["id"] for r in _read(out)] == ["a", "b", "a", "b", "a"]


def test_folders_are_read_with_their_subfolders_and_boms_dropped(tmp_path):
    folder = tmp_path / "news"
    (folder / "2024" / "07").mkdir(parents=True)
    (folder / ".cache").mkdir()
    (folder / "top.txt").write_text(TEXTS[0], encoding="utf-8")
    (folder / "2024" / "07" / "deep.txt").write_bytes(b"\xef\xbb\xbf" + TEXTS[1].encode("utf-8"))
    (folder / ".cache" / "hidden.txt").write_text(TEXTS[2], encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract-many", str(folder), "-o", str(out), *ENTITIES]) == 0
    records = _read(out)
    assert [r["id"] for r in records] == ["2024/07/deep.txt", "top.txt"]
    assert records[0]["text"] == TEXTS[1]  # no BOM in the text, so no offset is shifted

    # JSONL saved with a BOM (Windows editors write one)
    source = tmp_path / "bom.jsonl"
    source.write_bytes(b"\xef\xbb\xbf" + json.dumps({"id": "x", "text": TEXTS[3]}, ensure_ascii=False).encode())
    assert main(["extract-many", str(source), "-o", str(out), *ENTITIES]) == 0
    assert [(r["id"], r["errors"]) for r in _read(out)] == [("x", [])]


PAGE = ("<!DOCTYPE html><html><head>{charset}<title>{title}</title></head><body>"
        "<nav>Главная | Контакты</nav><article><h1>{title}</h1><p>{text}</p><p>{text}</p></article>"
        "<footer>Все права защищены</footer></body></html>")


def test_a_folder_of_html_pages(tmp_path):
    pytest.importorskip("trafilatura")
    folder = tmp_path / "pages"
    (folder / "kz").mkdir(parents=True)
    (folder / "a.html").write_text(PAGE.format(charset='<meta charset="utf-8">', title="Токаев в Пекине",
                                               text=TEXTS[0]), encoding="utf-8")
    page = PAGE.format(charset="<meta charset=windows-1251>", title="Силуанов в Москве", text=TEXTS[1])
    (folder / "kz" / "b.htm").write_bytes(page.encode("cp1251"))
    (folder / "notes.txt").write_text("не страница", encoding="utf-8")
    (folder / "z-empty.html").write_text("<html><body><script>var a;</script></body></html>", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract-many", str(folder), "-o", str(out), "--html", "--workers", "2", *ENTITIES]) == 0
    records = _read(out)
    assert [(r["id"], r["title"], r["errors"]) for r in records] == [
        ("a.html", "Токаев в Пекине", []), ("kz/b.htm", "Силуанов в Москве", []),
        ("z-empty.html", None, ["html: no main text found in the page"])]
    assert TEXTS[1] in records[1]["text"] and "Главная" not in records[1]["text"]
    assert "Антон Силуанов" in {e["name"] for e in records[1]["entities"]}
    for record in records:
        for entity in record["entities"]:
            for mention in entity["mentions"]:
                assert record["text"][mention["start"]:mention["stop"]] == mention["text"]


def test_html_without_the_extra_is_bad_usage(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    (tmp_path / "a.html").write_text("<html></html>", encoding="utf-8")
    assert main(["extract-many", str(tmp_path), "--html"]) == 2
    assert "pip install 'newsfacts[html]'" in capsys.readouterr().err
