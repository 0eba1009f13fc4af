import pickle
from datetime import date

import pytest

import newsfacts
from newsfacts import Article, Pipeline
from newsfacts import nlp

TEXT = "Посол Китая в Казахстане Чжан Сяо прибыл в Астану. Он встретился с журналистами."


def test_extract_returns_article(pipeline):
    article = pipeline.extract(TEXT, published="2024-07-07", id="a1")
    assert isinstance(article, Article)
    assert article.id == "a1" and article.published == date(2024, 7, 7)
    assert {e.name for e in article.entities} >= {"Китай", "Казахстан", "Чжан Сяо", "Астана"}
    assert [s.text for s in article.sentences] == ["Посол Китая в Казахстане Чжан Сяо прибыл в Астану.",
                                                   "Он встретился с журналистами."]


def test_module_level_extract_shares_one_pipeline():
    first = newsfacts.extract(TEXT)
    assert newsfacts.extract(TEXT) == first


def test_published_forms(pipeline):
    assert pipeline.extract(TEXT, published=date(2024, 1, 2)).published == date(2024, 1, 2)
    assert pipeline.extract(TEXT).published is None
    assert pipeline.extract(TEXT, published="07.01.2024").published == date(2024, 1, 7)
    unread = pipeline.extract(TEXT, published="вчера")  # no date, an error line, every fact
    assert unread.published is None and "published: cannot read 'вчера'" in unread.errors[0]
    assert unread.entities == pipeline.extract(TEXT).entities
    with pytest.raises(TypeError):
        pipeline.extract(TEXT, published=[2024, 7, 7])


@pytest.mark.parametrize("bad", [b"bytes", None, 42, ["list"]])
def test_wrong_text_type_fails_fast(pipeline, bad):
    with pytest.raises(TypeError, match="expected str"):
        pipeline.extract(bad)


def test_unknown_extractor():
    with pytest.raises(ValueError, match="unknown extractor"):
        Pipeline(extract=("entities", "sentiment"))


def test_stages_pull_in_what_they_need():
    assert Pipeline(extract=("quotes",)).stages == ("entities", "roles", "references", "quotes")
    assert Pipeline(extract="dates").stages == ("dates",)


def test_entities_alone_never_parses_syntax(monkeypatch):
    calls = []
    monkeypatch.setattr(nlp, "parse_syntax", lambda sents: calls.append(len(sents)))
    article = Pipeline(extract=("entities",)).extract(TEXT + " «Мы рады», — сказал он.")
    assert article.entities and calls == []


def test_dates_alone_run_no_ner(monkeypatch):
    def fail(*args):
        raise AssertionError("NER ran")

    monkeypatch.setattr(nlp, "tag_ner", fail)
    article = Pipeline(extract=("dates",)).extract(TEXT)
    assert article.entities == [] and article.errors == []


def test_pipeline_pickles_without_models():
    pipeline = Pipeline(extract=("entities",))
    blob = pickle.dumps(pipeline)
    assert len(blob) < 1000
    assert pickle.loads(blob) == pipeline


def test_a_failing_stage_is_reported_not_raised(monkeypatch, pipeline):
    import newsfacts.roles

    def broken(doc):
        raise RuntimeError("boom")

    monkeypatch.setattr(newsfacts.roles, "extract_roles", broken)
    article = pipeline.extract(TEXT)
    assert article.entities
    assert any(e.startswith("roles: RuntimeError: boom") for e in article.errors)


@pytest.mark.parametrize("text", ["", "   \n\t  ", "\n\n"])
def test_empty_text_gives_empty_article(pipeline, text):
    article = pipeline.extract(text)
    assert article.text == text
    assert not (article.entities or article.roles or article.quotes or article.figures or article.errors)


def test_dateline_gives_published_unless_caller_does(pipeline):
    text = "воскресенье, 7 июля, 2024 20:11\n\nГлава МИД прибыл в Минск\n\nТекст."
    assert pipeline.extract(text).published == date(2024, 7, 7)
    assert pipeline.extract(text, published="2024-01-01").published == date(2024, 1, 1)
    assert pipeline.extract("ТАСС, 10 августа. Глава МИД прибыл в Минск.").published is None
