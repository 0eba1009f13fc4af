"""No network at run time, and no code execution from inputs.

The models ship inside the natasha wheel and the dictionaries inside pymorphy3's: a
fresh process with every socket call made to fail must import newsfacts, load the
models and read an article (and an HTML page, with a URL that is never fetched).
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import newsfacts
from test_properties import FULL, check_article

PACKAGE = Path(newsfacts.__file__).parent

TEXT = ("Москва, 7 июля 2024 г. Посол Китая в Казахстане Чжан Сяо сообщил, что в 2023 году товарооборот "
        "между странами достиг 41 млрд долларов, увеличившись на 32%. «Это рекорд», — добавил он.")

# every way out: creating a socket, connecting, resolving a name
BLOCK = """
import socket

def refuse(*args, **kwargs):
    raise OSError("network use is not allowed in this test")

class NoSocket(socket.socket):
    def __init__(self, *args, **kwargs):
        refuse()

socket.socket = NoSocket
socket.create_connection = refuse
socket.getaddrinfo = refuse
socket.gethostbyname = refuse
"""

RUN = BLOCK + """
import json, sys
import newsfacts

stages, text, page = json.loads(sys.stdin.read())
article = newsfacts.Pipeline(extract=stages).extract(text)
out = {"errors": article.errors, "entities": [e.name for e in article.entities], "json": article.model_dump_json()}
try:
    import trafilatura  # noqa: F401
except ImportError:
    out["html"] = None
else:
    html = newsfacts.from_html(page, url="https://news.example.kz/2024/07/07/posol",
                               pipeline=newsfacts.Pipeline(extract=stages))
    out["html"] = {"errors": html.errors, "text": html.text}
print(json.dumps(out))
"""

PAGE = "<html><body><article><h1>Посол прибыл</h1><p>" + TEXT + "</p></article></body></html>"


def test_socket_block_works():
    # the guard itself must bite, or the test below proves nothing
    code = BLOCK + "\nimport socket\nsocket.create_connection(('127.0.0.1', 9))\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "network use is not allowed" in result.stderr


def test_whole_pipeline_runs_without_network():
    payload = json.dumps([list(FULL.stages), TEXT, PAGE])
    result = subprocess.run([sys.executable, "-c", RUN], input=payload, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["errors"] == []
    assert "Чжан Сяо" in out["entities"]
    check_article(newsfacts.Article.model_validate_json(out["json"]), TEXT)
    if out["html"] is not None:
        assert out["html"]["errors"] == [] and "Чжан Сяо" in out["html"]["text"]


def test_in_process_with_sockets_patched(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise OSError("network use is not allowed in this test")

    for name in ("socket", "create_connection", "getaddrinfo"):
        monkeypatch.setattr(socket, name, refuse)
    article = FULL.extract(TEXT)
    assert article.errors == []
    check_article(article, TEXT)


# what would run code or load objects from data, or reach the network: none of it
# belongs in a text library (re.compile and the like are methods, so not matched)
FORBIDDEN = [
    re.compile(r"(?<![.\w])(?:eval|exec|compile|__import__)\s*\("),
    re.compile(r"\b(?:pickle|cPickle|dill|marshal|shelve|joblib)\.\w*load|\byaml\.(?:unsafe_)?load\b"),
    re.compile(r"^\s*(?:import|from)\s+(?:requests|httpx|urllib\.request|urllib3|aiohttp|socket|pickle|marshal)\b"),
    re.compile(r"\burlopen\s*\(|\bos\.system\s*\("),
]


def test_no_eval_no_unpickling_no_fetching_in_the_package():
    hits = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if any(pattern.search(code) for pattern in FORBIDDEN):
                hits.append(f"{path.name}:{number}: {line.strip()}")
    assert hits == []


def test_forbidden_patterns_bite():
    for line in ["x = eval(text)", "obj = pickle.loads(data)", "import requests", "exec(code)",
                 "yaml.load(stream)", "urlopen(url)"]:
        assert any(pattern.search(line) for pattern in FORBIDDEN), line
    for line in ["WORD = re.compile(r'x')", "self.executor.submit(job)", "evaluate(x)"]:
        assert not any(pattern.search(line) for pattern in FORBIDDEN), line


@pytest.mark.parametrize("text", [
    "__import__('os').system('echo pwned')",
    "cos\nsystem\n(S'echo pwned'\ntR.",          # a pickle opcode stream, as text
    "{{7*7}} ${7*7} <%= 7*7 %> `id` $(id)",
])
def test_code_like_text_is_only_text(text):
    article = FULL.extract(text)
    assert article.text == text and article.errors == []
