"""The references stage: each rule against its table of cases (tests/data/references.txt),
and the speaker words of every quote being a mention or a reference of the speaker."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsfacts
from newsfacts import references
from newsfacts.pipeline import Pipeline

TABLE = Path(__file__).parent / "data" / "references.txt"
MARK = re.compile(r"\[([^\]]+)\]")


def read_cases():
    cases, misses, known = [], [], False
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("## known misses"):
            known = True
        if not line.strip() or line.startswith("#"):
            continue
        marked, entity, rule = (field.strip() for field in line.split("|"))
        marked = marked.replace("\\n", "\n")      # "\n" in a case is a line break
        match = MARK.search(marked)
        text = MARK.sub(r"\1", marked)
        start = match.start()
        case = (text, start, start + len(match.group(1)), entity, rule)
        (misses if known else cases).append(case)
    return cases, misses


CASES, MISSES = read_cases()
ALL = ([pytest.param(*case, id=case[0][:40]) for case in CASES]
       + [pytest.param(*case, id=case[0][:40], marks=pytest.mark.xfail(strict=True, reason="known miss"))
          for case in MISSES])


def debug_view(text: str):
    """(start, stop, entity name, rule) of every reference, through the stages themselves."""
    pipeline = Pipeline()
    doc = pipeline._start(text, None)
    pipeline._tag([doc])
    art = pipeline._finish(doc, None)
    return art, [(r.start, r.stop, art.entity(r.entity).name, r.rule) for r in doc.references]


@pytest.fixture(scope="module")
def warm():
    newsfacts.extract("Иван Петров прибыл в Москву.")


@pytest.mark.parametrize("text,start,stop,entity,rule", ALL)
def test_case_table(warm, text, start, stop, entity, rule):
    art, found = debug_view(text)
    here = [(name, why) for s, t, name, why in found if s == start and t == stop]
    if entity == "-":
        assert not here, here
        return
    assert here == [(entity, rule)], (here, found)
    # the public record carries it too, and never as a mention
    owner = next(e for e in art.entities if e.name == entity)
    assert (start, stop) in {(r.start, r.stop) for r in owner.references}
    assert (start, stop) not in {(m.start, m.stop) for e in art.entities for m in e.mentions}


def test_every_rule_has_cases():
    rules = {name for name, _ in references.RULES} | {"speaker", "first_person"}
    assert rules <= {case[4] for case in CASES}


def test_rules_are_ordered_named_functions():
    names = [name for name, _ in references.RULES]
    assert names == ["role_holder", "noun_anaphor", "introduced_noun", "relative", "reflexive", "demonym", "people",
                     "person_noun", "case_party", "group_pronoun", "pronoun", "place_adverb"]
    assert all(rule.__name__ == name and rule.__doc__ for name, rule in references.RULES)


def test_explain_names_the_rule(warm):
    pipeline = Pipeline(extract=("references",))
    doc = pipeline._start("Анна Смирнова прилетела в Москву. Она проведёт там три дня.", None)
    pipeline._tag([doc])
    pipeline._finish(doc, None)
    assert references.explain(doc) == [("Она", "Анна Смирнова", "pronoun"), ("там", "Москва", "place_adverb")]


def test_pronoun_agreement_reads_the_name(warm):
    assert references.gender_of_name("Анна Смирнова") == "femn"
    assert references.gender_of_name("Алексей Николаев") == "masc"
    # a name is in the nominative: "Иванова" is a woman, not the genitive of Иванов
    assert references.gender_of_name("Анна Иванова") == "femn"
    assert references.agreement_of("LOC", "США") == {"plur"}
    assert references.agreement_of("LOC", "Россия") == {"femn"}


def test_references_frame(warm):
    pytest.importorskip("pandas")
    art = newsfacts.extract("Анна Смирнова прилетела в Москву. Она проведёт там три дня.")
    frame = newsfacts.to_frame([art], "references")
    assert list(frame["text"]) == ["Она", "там"] and list(frame["name"]) == ["Анна Смирнова", "Москва"]


# ------------------------------------------------------------------ speaker words

OPENINGS = ["Посол Китая в Казахстане Чжан Сяо прибыл в Астану.", "Министр финансов Антон Силуанов выступил в Думе.",
            "Анна Смирнова прилетела в Москву.", "Компания «Газпром» отчиталась о прибыли.",
            "Минфин опубликовал отчёт о бюджете.", "Пресс-служба МВД распространила заявление."]
SPEECH = ["«Переговоры прошли успешно», — сказал посол.", "«Мы готовы», — заявила она.",
          "Он отметил, что бюджет будет исполнен.", "По словам министра, дефицит сократился.",
          "«Работа продолжится», — сообщили в ведомстве.", "В компании пояснили, что дивиденды выплатят.",
          "«Я доволен», — подчеркнул Силуанов.", "Как сообщает пресс-служба МВД, задержаны двое.",
          "«Цены вырастут», — говорится в сообщении."]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(OPENINGS + SPEECH), min_size=1, max_size=6))
def test_speaker_words_are_a_mention_or_reference_of_the_speaker(sentences):
    art = newsfacts.extract(" ".join(sentences))
    for quote in art.quotes:
        if quote.speaker is None or quote.speaker_span is None:
            continue
        speaker = art.entity(quote.speaker)
        assert quote.speaker_span in speaker.mentions + speaker.references, (quote, speaker)
    spans = [(m.start, m.stop) for e in art.entities for m in e.mentions]
    refs = [(r.start, r.stop) for e in art.entities for r in e.references]
    assert not set(spans) & set(refs)
    assert len(refs) == len(set(refs))     # a word refers to one entity


@pytest.mark.parametrize("text,name,words", [
    ("Ночью на трассе произошла авария. «Погибших нет», — сообщили в областной полиции.",
     "областная полиция", "областной полиции"),
    ("В Актобе задержан мужчина. «Он был вооружён», — заявили в полиции Актобе.", "полиция Актобе", "полиции Актобе"),
])
def test_an_organisation_ner_missed_becomes_the_speaker(warm, text, name, words):
    art = newsfacts.extract(text)
    speaker = art.entity(art.quotes[0].speaker)
    assert (speaker.type, speaker.name) == ("ORG", name)
    assert art.quotes[0].speaker_span.text == words and art.quotes[0].speaker_span in speaker.mentions


def test_a_bare_organisation_noun_is_no_new_entity(warm):
    art = newsfacts.extract("Минфин опубликовал отчёт. В ведомстве отметили, что дефицит сократился.")
    assert [e.name for e in art.entities] == ["Минфин"]
    assert art.entity(art.quotes[0].speaker).name == "Минфин"


def test_refers_to_answers_an_earlier_stage(warm):
    pipeline = Pipeline(extract=("roles",))
    text = "Анна Смирнова прилетела в Москву. Она занимает пост министра культуры."
    doc = pipeline._start(text, None)
    pipeline._tag([doc])
    pipeline._finish(doc, None)
    found = references.refers_to(doc, text.index("Она"))
    assert found is not None and found.rule == "pronoun"
    assert next(e.name for e in doc.entities if e.id == found.entity) == "Анна Смирнова"
    assert references.refers_to(doc, text.index("Москву")) is None


@pytest.mark.parametrize("text", [
    "Певец Олег Ветров умер в 2009 году. Мать Олега Ветрова рассказала, что сын много работал.",
    "Ирина Белова приехала в Москву. «Я рада», — сказала её сестра.",
])
def test_a_relative_is_not_the_person_named_beside_them(warm, text):
    art = newsfacts.extract(text)
    assert art.quotes and art.quotes[0].speaker is None


def test_a_title_before_an_organisation_is_its_holder(warm):
    art = newsfacts.extract("Президент МОК Томас Бах прибыл в Токио. «Игры пройдут», — заявил президент МОК.")
    assert art.entity(art.quotes[0].speaker).name == "Томас Бах"


def test_speaker_rules_are_ordered_named_and_shown(warm):
    names = [name for name, _ in references.SPEAKER_RULES]
    assert names[:3] == ["name", "quoted_name", "pronoun"] and len(names) == len(set(names))
    assert all(rule.__doc__ for _, rule in references.SPEAKER_RULES)
    pipeline = Pipeline()
    text = "Компания «Газпром» отчиталась о прибыли. «Мы выплатим дивиденды», — сообщила пресс-служба."
    doc = pipeline._start(text, None)
    pipeline._tag([doc])
    pipeline._finish(doc, None)
    assert ("пресс-служба", "Газпром", "speaker/organisation_speaker") in references.explain(doc)


SPEAKER_TABLE = Path(__file__).parent / "data" / "speakers.txt"
SPEAKER_CASES = [tuple(field.strip() for field in line.split("|"))
                 for line in SPEAKER_TABLE.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("text,speaker,rule", SPEAKER_CASES, ids=[c[0][:40] for c in SPEAKER_CASES])
def test_speaker_table(warm, text, speaker, rule):
    pipeline = Pipeline()
    doc = pipeline._start(text.replace("\\n", "\n"), None)      # "\n" in a case is a line break
    pipeline._tag([doc])
    art = pipeline._finish(doc, None)
    quote = art.quotes[-1]
    assert (art.entity(quote.speaker).name if quote.speaker else "-") == speaker
    # "-": no rule names anyone
    assert (rule in doc.resolver.speaker_rules.values() if rule != "-"
            else not any(doc.resolver.speaker_rules.values())), doc.resolver.speaker_rules


def test_references_are_in_the_schema_and_the_views(warm):
    schema = newsfacts.records.article_schema()
    assert "references" in schema["$defs"]["Entity"]["properties"]
    art = newsfacts.extract("Анна Смирнова прилетела в Москву. Она проведёт там три дня.")
    assert "refers to PER: Анна Смирнова" in art._repr_html_()
    assert "Анна Смирнова ×1 +1 ref" in str(art)
    assert newsfacts.Article.model_validate_json(art.model_dump_json()) == art


def test_a_document_with_no_owner_is_the_article_s_organisation_not_its_outlet(warm):
    art = newsfacts.extract("Центробанк повысил ключевую ставку, сообщает ТАСС. Центробанк ждёт замедления цен. "
                            "«Инфляция замедлится к концу года», — говорится в документе.")
    quote = next(q for q in art.quotes if q.text.startswith("Инфляция"))
    assert art.entity(quote.speaker).name == "Центробанк"



def test_a_person_s_gender_follows_the_verbs_that_agree_with_the_name(warm):
    """A name whose forms tell no gender, or the wrong one ("Чуньин" reads as a man's
    surname), takes it from the verbs that agree with it."""
    pipeline = newsfacts.Pipeline()
    doc = pipeline._start("Хуа Чуньин заявила, что визит отложен. Позже Ким Ён выступил в парламенте. "
                          "Никол Пашинян усомнился в итогах. Мать Ивана Петрова рассказала о сыне.", None)
    pipeline._tag([doc])
    pipeline._finish(doc, None)
    ids = {e.name: e.id for e in doc.entities}
    assert doc.resolver.gender_of(ids["Хуа Чуньин"]) == "femn"
    assert doc.resolver.gender_of(ids["Ким Ён"]) == "masc"
    assert doc.resolver.gender_of(ids["Никол Пашинян"]) == "masc"     # the name alone reads as a woman's
    assert doc.resolver.gender_of(ids["Иван Петров"]) == "masc"       # "рассказала" is the mother's


def test_an_organisation_made_from_words_takes_over_the_noun_ner_tagged_alone(warm):
    # NER tags "Акимат" of "Акимат Алматы"; the speaker's words name the whole body: one entity
    art = newsfacts.extract("Акимат Алматы с 1 июля ограничит въезд грузовиков, сообщает пресс-служба акимата.")
    orgs = [e for e in art.entities if e.type == "ORG"]
    assert [(e.name, [m.text for m in e.mentions]) for e in orgs] == [("Акимат Алматы", ["Акимат Алматы"])]
    assert art.entity(art.quotes[0].speaker).name == "Акимат Алматы"
