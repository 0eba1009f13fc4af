"""Raw HTML news pages: main text, headline and date by trafilatura, then the pipeline."""
from __future__ import annotations

import sys

import pytest

import newsfacts
from newsfacts.errors import MissingExtraError
from test_properties import FULL, check_article

pytest.importorskip("trafilatura")

PAGE = """<!DOCTYPE html>
<html lang="ru">
<head>
  <meta charset="utf-8">
  <title>Посол Китая прибыл в Астану | Степные вести</title>
  <meta property="og:title" content="Посол Китая прибыл в Астану">
  <meta property="article:published_time" content="2024-07-05T09:30:00+05:00">
  <script>var counter = "Не текст статьи";</script>
  <style>.menu { color: red; }</style>
</head>
<body>
  <header><nav><a href="/">Главная</a> <a href="/news">Новости</a> <a href="/contacts">Контакты</a></nav></header>
  <main>
    <article>
      <h1>Посол Китая прибыл в Астану</h1>
      <p>Посол Китая в Казахстане Чжан Сяо прибыл в Астану для переговоров о транзите грузов.
      «Мы рассчитываем на новые маршруты&nbsp;и&nbsp;новые поезда», — сказал дипломат журналистам.</p>
      <p>По данным министерства торговли, в 2023 году товарооборот между странами достиг
      41 млрд долларов, увеличившись на 32% по сравнению с предыдущим годом.</p>
      <p>Министр торговли Казахстана Арман Шаккалиев отметил, что стороны договорились
      упростить таможенные процедуры на границе уже в этом году.</p>
    </article>
    <section class="comments"><h3>Комментарии</h3><p>Гость: отличная новость, спасибо редакции!</p></section>
  </main>
  <footer>© 2024 Степные вести. Все права защищены. Реклама на сайте.</footer>
</body>
</html>
"""


@pytest.fixture(scope="module")
def article():
    return newsfacts.from_html(PAGE, url="https://vesti.example.kz/news/123", pipeline=FULL)


def test_main_text_without_chrome(article):
    assert "Посол Китая в Казахстане Чжан Сяо прибыл в Астану" in article.text
    assert "упростить таможенные процедуры" in article.text
    for chrome in ("Главная", "Контакты", "Все права защищены", "var counter", "color: red", "Гость:"):
        assert chrome not in article.text


def test_title_date_and_id_from_the_page(article):
    assert article.title == "Посол Китая прибыл в Астану"
    assert str(article.published) == "2024-07-05"
    assert article.id == "https://vesti.example.kz/news/123"


def test_offsets_index_the_extracted_text(article):
    assert article.errors == []
    check_article(article, article.text)
    names = {entity.name for entity in article.entities}
    assert {"Чжан Сяо", "Китай", "Казахстан"} <= names
    assert "&nbsp;" not in article.text


def test_published_argument_wins_over_the_page():
    article = newsfacts.html.from_html(PAGE, published="2024-07-07")
    assert str(article.published) == "2024-07-07"
    # an unreadable date of the caller's is no date: the page's is taken, and errors say so
    article = newsfacts.html.from_html(PAGE, published="7 июля")
    assert str(article.published) == "2024-07-05" and article.entities
    assert len(article.errors) == 1 and "published: cannot read '7 июля'" in article.errors[0]
    with pytest.raises(TypeError, match="published"):
        newsfacts.html.from_html(PAGE, published=["2024-07-07"])


def test_bytes_in_a_legacy_charset():
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1251"').replace("©", "(c)").encode("cp1251")
    article = newsfacts.from_html(page)
    assert "Чжан Сяо прибыл в Астану" in article.text
    check_article(article, article.text)


def test_pipeline_argument_limits_the_stages():
    article = newsfacts.from_html(PAGE, pipeline=newsfacts.Pipeline(extract=("entities",)))
    assert article.entities and article.roles == [] and article.quotes == [] and article.figures == []


@pytest.mark.parametrize("page", ["", "<html></html>", "<html><body><script>var a = 1;</script></body></html>"])
def test_page_without_main_text_gives_an_empty_article(page):
    article = newsfacts.from_html(page)
    assert article.text == "" and article.entities == []
    assert article.errors == ["html: no main text found in the page"]


@pytest.mark.parametrize("html, url, pipeline", [
    (None, None, None),
    (123, None, None),
    (["<p>"], None, None),
    (PAGE, 5, None),
    (PAGE, None, "entities"),
])
def test_wrong_types_raise(html, url, pipeline):
    with pytest.raises(TypeError, match="expected"):
        newsfacts.from_html(html, url=url, pipeline=pipeline)


def test_missing_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # makes `import trafilatura` fail
    with pytest.raises(MissingExtraError, match=r"newsfacts\[html\]"):
        newsfacts.from_html(PAGE)
    with pytest.raises(ImportError):  # callers that catch ImportError keep working
        newsfacts.from_html(PAGE)
