"""Adversarial inputs at modest sizes: they complete, and what they give is right.

The same inputs at full size, with time and memory, are in benchmarks/adversarial.py.
"""
from __future__ import annotations

import importlib.util
import re

import pytest

from conftest import ROOT
from test_properties import FULL, check_article


def _load_benchmark():
    spec = importlib.util.spec_from_file_location("adversarial", ROOT / "benchmarks" / "adversarial.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _load_benchmark()


def run(text):
    article = FULL.extract(text, published="2024-03-14")
    assert article.errors == []
    check_article(article, text)
    return article


@pytest.mark.parametrize("name, size", [
    ('quote marks "', 20_000),
    ("mixed quote marks", 20_000),
    ("« without »", 5_000),
    ("dashes", 20_000),
])
def test_punctuation_runs_give_no_facts(name, size):
    article = run(bench.CASES[name][0](size))
    assert article.quotes == []
    assert article.figures == []
    assert article.entities == []


def test_repeated_ones_are_not_one_big_number():
    article = run(bench.ones(20_000))
    # "1 1 1" is not a number with thousands separators: groups after the first have 3 digits
    assert all(len(figure.span.text) < 12 for figure in article.figures)
    assert all(figure.value is None or figure.value < 1000 for figure in article.figures)


def test_long_digit_run_completes():
    text = bench.digits(5_000)  # more digits than int() converts by default (4,300)
    article = run(text)
    assert article.model_dump_json()


@pytest.mark.parametrize("builder", [bench.nested_brackets, bench.nested_quotes])
def test_deep_nesting_completes(builder):
    text = builder(2_000)
    article = run(text)
    assert article.sentences


def test_one_long_line_reads_like_the_article():
    one = run(bench.one_line(len(bench.ARTICLE)))
    line = run(bench.one_line(50_000))
    assert {e.name for e in line.entities} >= {e.name for e in one.entities} - {None}
    assert len(line.sentences) > 100


def test_long_article_is_the_short_one_repeated():
    single = run(bench.ARTICLE)
    copies = 40
    long = run(bench.ARTICLE * copies)
    # every copy is read alike: the same things, each mentioned `copies` times as often
    assert sorted((e.type, e.name) for e in long.entities) == sorted((e.type, e.name) for e in single.entities)
    assert sum(len(e.mentions) for e in long.entities) == copies * sum(len(e.mentions) for e in single.entities)
    assert len(long.quotes) == copies * len(single.quotes)
    assert len(long.figures) == copies * len(single.figures)
    assert roles_of(long) == roles_of(single)  # a post is one fact, however often repeated


def roles_of(article):
    def name(entity_id):
        entity = article.entity(entity_id)
        return entity.name if entity else None

    return {(name(role.person), role.title, name(role.org)) for role in article.roles}


def test_hundred_kilobyte_article_completes():
    text = bench.article(100_000)
    article = run(text)
    assert article.entities and article.sentences[-1].stop <= len(text)


# ------------------------------------------------------------------ wrong types, empty text

@pytest.mark.parametrize("value, name", [
    (b"\xd0\x9f\xd0\xbe\xd1\x81\xd0\xbe\xd0\xbb", "bytes"),
    (None, "NoneType"),
    (42, "int"),
    (4.2, "float"),
    (["Посол Китая"], "list"),
    (bytearray(b"text"), "bytearray"),
])
def test_wrong_text_type_fails_fast(value, name):
    import newsfacts

    with pytest.raises(TypeError, match=f"^expected str for text, got {name}$"):
        FULL.extract(value)
    with pytest.raises(TypeError, match="expected str for text"):
        newsfacts.extract(value)


def test_wrong_argument_types_fail_fast():
    with pytest.raises(TypeError, match="published"):
        FULL.extract("Текст.", published=[2024, 7, 7])
    assert "published: cannot read" in FULL.extract("Текст.", published="07/07/2024").errors[0]
    with pytest.raises(TypeError, match="id"):
        FULL.extract("Текст.", id=7)


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", " \t\r\n\u00a0\u2028\u3000 ", "\ufeff", "\x00"])
def test_empty_and_blank_text_give_an_empty_article(text):
    article = run(text)
    assert not (article.entities or article.roles or article.quotes or article.figures or article.dates)
    assert article.title is None and article.published is not None  # the caller's date is kept


# ------------------------------------------------------------------ other languages

ENGLISH = ("Chinese Ambassador to Kazakhstan Zhang Xiao arrived in Astana on Monday. \"We are glad to see our "
           "friends,\" he said. Trade between the two countries reached $41 billion in 2023, up 32% from the "
           "previous year, according to the Ministry of Trade.")
KAZAKH = ("Қазақстан Республикасының Президенті Қасым-Жомарт Тоқаев Астанада Қытай Халық Республикасының "
          "Төрағасы Си Цзиньпинмен кездесті. «Біз достарымызды көргенімізге қуаныштымыз», – деді ол. 2023 жылы "
          "екі ел арасындағы тауар айналымы 41 миллиард долларға жетті.")
CHINESE = "中国驻哈萨克斯坦大使张霄周一抵达阿斯塔纳。他说：“我们很高兴见到朋友。” 2023年两国贸易额达到410亿美元，同比增长32%。"
CYRILLIC = re.compile("[а-яёА-ЯЁ]")


def strings(value):
    """Every string in a dumped record."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


@pytest.mark.parametrize("text", [ENGLISH, CHINESE], ids=["english", "chinese"])
def test_text_without_cyrillic_gets_no_russian_words(text):
    article = run(text)
    # a lemma, a post title or a cue in Russian would be made up: none of it is in the text
    assert [s for s in strings(article.model_dump(mode="json")) if CYRILLIC.search(s)] == []


def test_kazakh_names_are_not_russified():
    article = run(KAZAKH)
    words = set(re.findall(r"[\w\-]+", KAZAKH))
    # pymorphy3 knows no Kazakh: a name it "normalised" would be a word the text does not have
    for entity in article.entities:
        for word in re.findall(r"[\w\-]+", entity.name):
            if re.search("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]", word):
                assert word in words, entity
    assert article.roles == [] or all(CYRILLIC.search(role.title) for role in article.roles)


def test_kazakh_person_names_are_short():
    article = run(KAZAKH)
    assert all(len(entity.name.split()) <= 4 for entity in article.entities if entity.type == "PER")


def test_byte_order_mark_and_zero_width_chars_hide_no_dateline_or_title():
    text = "\ufeffМосква, 14 марта 2024 г.\n\u200bПосол Китая прибыл в Астану\u200b\nТекст новости."
    article = FULL.extract(text)
    assert str(article.published) == "2024-03-14"
    assert article.title == "Посол Китая прибыл в Астану"
    check_article(article, text)


@pytest.mark.parametrize("brk", ["\r", "\r\n", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", "\x1e"])
def test_no_mention_or_role_runs_over_a_line_break(brk):
    from newsfacts.clean import LINE_BREAK

    text = f"Посол Китая в Казахстане Чжан Сяо{brk}Он добавил: «Мы готовы»."
    article = run(text)
    for span in [m for e in article.entities for m in e.mentions] + [r.span for r in article.roles]:
        assert not LINE_BREAK.search(span.text), span
    assert [role.title for role in article.roles] == ["посол"]


def test_repeated_reported_clause_gives_one_quote_each():
    # one sentence of thousands of "X заявил, что Q, ": each clause is one quote of the
    # same speaker, and the cost stays linear (benchmarks/adversarial.py --series quote)
    text = bench.repeated_quote(600 * len("Путин заявил, что ВВП вырос на 3%, "))   # whole clauses
    assert text.endswith("3%, ")
    article = run(text)
    clauses = text.count("что ")
    assert len(article.quotes) == clauses
    assert {q.text for q in article.quotes} == {"ВВП вырос на 3%"}
    assert {article.entity(q.speaker).name for q in article.quotes} == {"Путин"}
