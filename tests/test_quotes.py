"""Quotes: case tables (tests/data/quotes_*.txt), metamorphic variants, quotation-mark pairing, the seed."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfacts.quotes import pair_quotes

TABLES = sorted((Path(__file__).parent / "data").glob("quotes_*.txt"))
KNOWN_MISSES = "# ===== known misses"


def load_cases(path: Path) -> list:
    """pytest params of (text, [(kind, cue, quoted words, speaker)]) from a case table;
    the cases after a "# ===== known misses" line are strict xfails."""
    cases: list[list] = []
    missed = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(KNOWN_MISSES):
            missed = True
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith("  "):
            cases.append([line.replace("¶", "\n"), [], missed])
        elif line.strip() != "-":
            cases[-1][1].append(tuple(field.strip() for field in line.split("|")))
    marks = [pytest.mark.xfail(strict=True, reason="known miss")]
    return [pytest.param(text, expected, marks=marks if missed else (), id=f"{path.stem}:{text[:40]}")
            for text, expected, missed in cases]


ALL_CASES = [case for path in TABLES for case in load_cases(path)]
# the cases the library gets right, for the properties below
PASSING = [case.values for case in ALL_CASES if not case.marks]


def names_match(got: str | None, want: str) -> bool:
    """The scorer's rule: equal names, or one's words inside the other's ("Сяо" / "Чжан Сяо")."""
    if want == "-":
        return got is None
    if got is None:
        return False
    a, b = set(got.lower().replace("ё", "е").split()), set(want.lower().replace("ё", "е").split())
    return a <= b or b <= a


def described(art) -> list[tuple]:
    return [(q.kind, q.cue or "-", q.text, art.entity(q.speaker).name if q.speaker else None) for q in art.quotes]


@pytest.mark.parametrize("text,expected", ALL_CASES)
def test_case_table(pipeline, text, expected):
    art = pipeline.extract(text)
    assert not art.errors
    got = described(art)
    assert [(k, c, t) for k, c, t, _ in got] == [(k, c, t) for k, c, t, _ in expected], got
    for (_, _, _, speaker), (_, _, _, want) in zip(got, expected):
        if want != "?":
            assert names_match(speaker, want), (speaker, want)


def test_spans_index_the_text(pipeline):
    for text, _ in PASSING:
        art = pipeline.extract(text)
        for quote in art.quotes:
            assert text[quote.span.start:quote.span.stop] == quote.text == quote.span.text
            if quote.speaker_span is not None:
                span = quote.speaker_span
                assert text[span.start:span.stop] == span.text


# ------------------------------------------------------------------ metamorphic variants
# each swap keeps the string length, so the same quotes must come out at the same offsets

def to_straight(text: str) -> str:
    return text.replace("«", '"').replace("»", '"')


def to_hyphen(text: str) -> str:
    return text.replace(" — ", " - ").replace(",—", ",-")


def to_e(text: str) -> str:
    return text.replace("ё", "е").replace("Ё", "Е")


def offsets(art) -> list[tuple]:
    return [(q.span.start, q.span.stop, q.kind, q.cue) for q in art.quotes]


VARIANTS = [(variant, text) for variant in (to_straight, to_hyphen, to_e) for text, _ in PASSING
            if variant(text) != text]


@pytest.mark.parametrize("variant,text", VARIANTS, ids=[f"{v.__name__}:{t[:30]}" for v, t in VARIANTS])
def test_variants_keep_quotes(pipeline, variant, text):
    changed = variant(text)
    assert len(changed) == len(text)
    assert offsets(pipeline.extract(changed)) == offsets(pipeline.extract(text))


# ------------------------------------------------------------------ quotation marks

def marks(text: str) -> list[str]:
    return [text[p.open:p.close + 1] for p in pair_quotes(text) if p.closed]


def test_pairs_nest_and_mix():
    assert marks("«Компания „Ромашка“ готова»") == ["«Компания „Ромашка“ готова»", "„Ромашка“"]
    assert marks('"Стратегия "Новый город". Всё", - сказал') == ['"Стратегия "Новый город". Всё"', '"Новый город"']
    assert marks("“Hello,” he said") == ["“Hello,”"]
    assert marks("О'Брайен и д'Артаньян") == []


def test_pairs_stay_in_their_paragraph():
    text = "«Первый абзац без конца\n«Второй абзац»"
    pairs = pair_quotes(text)
    assert [(text[p.open], p.closed) for p in pairs] == [("«", False), ("«", True)]
    assert all("\n" not in text[p.open:p.close] for p in pairs)


def test_dash_after_closes_outer_quote():
    # the inner opening mark is never closed: the attribution dash ends the outer quote
    text = '"Я подошла к сыну, он шепнул: "Мам, я не делал!" - цитирует издание мать.'
    assert marks(text) == [text[:text.index(" - ")]]


def test_unbalanced_marks_do_not_break(pipeline):
    text = ('«Мы готовы к диалогу», — сказал министр Сергей Лавров. ' + '"' * 1000 + ' «Незакрытая кавычка\n'
            + "»" * 50 + "\n«Работы начнутся весной», — добавил Лавров.")
    art = pipeline.extract(text)
    assert not art.errors
    assert [q.text for q in art.quotes] == ["Мы готовы к диалогу", "Работы начнутся весной"]


def test_pairing_is_linear_in_stray_marks():
    # 200,000 stray marks: a closing mark looks only a few openers deep
    text = ('"а ' * 100_000) + ("б» " * 100_000)
    pairs = pair_quotes(text)
    assert len(pairs) <= 200_000


QUOTE_ALPHABET = st.sampled_from(list("«»„“”\"'‘’ аб.,—-\n") + ["слово", "Имя"])


@given(st.lists(QUOTE_ALPHABET, max_size=60).map("".join))
def test_pairs_are_well_formed(text):
    pairs = [p for p in pair_quotes(text) if p.closed]
    for pair in pairs:
        assert 0 <= pair.open < pair.close < len(text)
        assert text[pair.open] in "«„“\"'‘" and text[pair.close] in "»“”\"'’"
        assert "\n" not in text[pair.open:pair.close]
    # two pairs never cross: one holds the other or they are apart
    for a in pairs:
        for b in pairs:
            if a.open < b.open < a.close:
                assert b.close < a.close


# ------------------------------------------------------------------ the seed article

SEED_DIRECT = [("Это будет поездка дружбы", "подчеркнуть", "Посол"),
               ("Китай и Казахстан оказывают", "добавить", "Чжан Сяо"),
               ("Взаимопонимание между народами", "заключить", "Посол КНР в Казахстане")]
SEED_INDIRECT = [("главы КНР и Казахстана проведут", "по словам", "Чжан Сяо"),
                 ("этот визит в Казахстан является вторым", "отметить", "Чжан Сяо"),
                 ("лидеры двух стран установили", "по словам", "дипломата"),
                 ("Китай стал крупнейшим торговым партнером Казахстана", "сообщить", "Он"),
                 ("Китай и Казахстан продвигают", "по словам", "Посла")]


def test_seed_quotes(seed_article):
    art = seed_article
    direct = [q for q in art.quotes if q.kind == "direct"]
    indirect = [q for q in art.quotes if q.kind == "indirect"]
    for got, expected in ((direct, SEED_DIRECT), (indirect, SEED_INDIRECT)):
        assert [(q.text[:len(start)], q.cue, q.speaker_span.text) for q, (start, _, _) in zip(got, expected)] \
            == expected
        assert len(got) == len(expected)
    assert {art.entity(q.speaker).name for q in art.quotes} == {"Чжан Сяо"}
    # the nested "Новый Казахстан" stays inside the second quote, which ends at "Тибета"
    assert '"Новый Казахстан"' in direct[1].text and direct[1].text.endswith("Синьцзяна и Тибета")
    assert indirect[3].text == "Китай стал крупнейшим торговым партнером Казахстана"


def test_long_line_reads_like_its_pieces():
    # no models: razdel sentences, no entities; one paragraph repeated gives as many quotes
    from newsfacts import nlp
    from newsfacts.clean import clean
    from newsfacts.doc import Doc
    from newsfacts.quotes import extract_quotes

    def quotes_of(text):
        doc = Doc(text=text)
        doc.sents = nlp.segment(text, clean(text).regions)
        extract_quotes(doc)
        return doc.quotes

    piece = "«Мы готовы к диалогу, — сказал он, — и к миру». Он добавил, что переговоры начнутся весной. "
    one = quotes_of(piece)
    assert [q.text for q in one] == ["Мы готовы к диалогу", "и к миру", "переговоры начнутся весной"]
    assert len(quotes_of(piece * 500)) == 500 * len(one)


# ------------------------------------------------------------------ linear lookups
# the speaker lookups use indexes built once per article; each must answer as a plain
# scan of the whole article would

INDEXED = """\
Министр финансов Иван Петров встретился в Москве с министром обороны Сергеем Смирновым.
Агентство Reuters сообщило, что встреча длилась три часа. «Бюджет будет сбалансирован», — сказал министр.
Газета «Ведомости» пишет, что министр обороны Сергей Смирнов готовит новую программу.
«Мы закупим двадцать самолётов», — заявил Смирнов. Издание уточняет, что программа рассчитана на пять лет.
Глава компании «Газпром» Алексей Миллер заявил журналистам, что компания готова к переговорам.
По словам представителя агентства Bloomberg, сделка может быть заключена весной. Агентство не приводит деталей.
Министр Петров добавил, что налоги повышать не будут. Полиция Москвы сообщила, что задержаний не было.
"""


def _doc_with_roles(text):
    from newsfacts import nlp
    from newsfacts.clean import clean
    from newsfacts.doc import Doc
    from newsfacts.entities import extract_entities
    from newsfacts.roles import extract_roles

    doc = Doc(text=text)
    doc.sents = nlp.segment(text, clean(text).regions)
    doc.parser = nlp.parse_syntax
    doc.mentions = nlp.tag_ner(doc.sents, doc.text)
    extract_entities(doc)
    extract_roles(doc)
    return doc


@pytest.fixture(scope="module")
def indexed_doc(pipeline):
    pipeline.extract("Иван Петров.")   # models load through the pipeline, as elsewhere
    return _doc_with_roles(INDEXED * 2)


@pytest.fixture
def speakers(indexed_doc):
    from newsfacts.references import Resolver, Speakers

    return Speakers(Resolver(indexed_doc))


def _scan_role_holder(sp, titles, names, at):
    orgs = {e.id for _, _, e in names}
    best = None
    for role in sp.doc.roles:
        if titles & set(role.title.split()):
            seen = [start for start, entity in sp.people if entity.id == role.person and start < at]
            key = (role.org in orgs, max(seen) if seen else -1)
            if best is None or key > best[0]:
                best = (key, role.person)
    return best[1] if best else None


def _scan_org_described(sp, lemma, at):
    import re

    from newsfacts import morph

    for start, entity in reversed(sp.orgs):
        before = re.findall(r"[\w-]+", sp.tx.text[max(0, start - 40):start])[-3:]
        if start < at and lemma in {morph.lemma(w) for w in before}:
            return entity.id
    return None


def _scan_person_named(sp, word):
    stem = word.lower().replace("ё", "е")[:max(4, len(word) - 2)]
    return next((e.id for e in sp.entities.values() if e.type == "PER"
                 and any(w.lower().replace("ё", "е").startswith(stem) for w in e.name.split())), None)


def test_indexed_lookups_match_a_scan(speakers):
    sp = speakers
    assert sp.doc.roles and sp.orgs and len(sp.people) > 4     # the article gives them something to find
    offsets = sorted({t.start for s in sp.tx.sents for t in s.tokens})
    titles = [{w} for r in sp.doc.roles for w in r.title.split()] + [{"министр", "глава"}, {"посол"}]
    orgs = [(0, 0, e) for e in sp.entities.values() if e.type == "ORG"]
    found = 0   # lookups that found someone
    for at in offsets[::3]:
        sp.quote = (at, at + 1)
        for title in titles:
            for names in ([], orgs[:1], orgs[1:3]):
                got = sp.role_holder(title, names)
                assert got == _scan_role_holder(sp, title, names, at), (title, at)
                found += got is not None
        for lemma in ("агентство", "газета", "издание", "компания", "полиция"):
            got = sp.org_described(lemma, at)
            assert got == _scan_org_described(sp, lemma, at), (lemma, at)
            found += got is not None
    for word in {t.text for s in sp.tx.sents for t in s.tokens if t.text[:1].isupper()}:
        got = sp.person_named(word)
        assert got == _scan_person_named(sp, word), word
        found += got is not None
    assert found > 100   # hits were compared, not only misses


def test_outlet_anaphor_takes_the_last_organisation_quoted(speakers):
    sp = speakers
    people = [e for e in sp.entities.values() if e.type == "PER"]
    orgs = [e for e in sp.entities.values() if e.type == "ORG"]
    assert sp.org_before(sp.org_starts[1] + 1) == sp.orgs[1][1].id    # no one quoted yet: the last named
    for speaker, stop in ((orgs[0], 10), (people[0], 20)):
        sp.note(stop, speaker.id)
    assert sp.org_before(0) == orgs[0].id    # a person quoted since does not count


@pytest.mark.parametrize("tail,kind", [("».", "direct"), ("", "direct"), ("» ... Дальше.", "direct"),
                                       ("»" + " " * 20_000 + ". Дальше.", "direct"),
                                       ("»" + " " * 20_000 + "и ушёл.", "indirect")],
                         ids=["closed", "unclosed", "dots", "spaces", "sentence goes on"])
def test_quote_after_that_ends_its_sentence(pipeline, tail, kind):
    # 'заявил, что «Q».' is direct speech; when the sentence goes on after «Q», it is reported
    art = pipeline.extract("Иван Петров заявил, что «мы справимся с этим" + tail)
    assert [(q.kind, q.cue) for q in art.quotes] == [(kind, "заявить")]
    assert art.quotes[0].text.strip("«").startswith("мы справимся с этим")


@pytest.mark.parametrize("gap", [" - ", "   -  ", ", - ", " ,  — ", " " * 20_000 + "- "])
def test_dash_after_closes_outer_quote_across_spaces(gap):
    head = '"Я подошла к сыну, он шепнул: "Мам, я не делал!"'
    assert marks(head + gap + "цитирует издание мать.") == [head]
    assert marks(head + gap.replace("-", "слово -").replace("—", "слово —") + "цитирует") == ['"Мам, я не делал!"']


def test_cueless_paragraphs_continue_in_a_chain(pipeline):
    # each cue-less quoted paragraph goes on with the speaker of the one before it; one
    # after an unquoted paragraph has nobody to continue
    text = ("Министр обороны Сергей Шойгу выступил на коллегии.\n«Армия получила новые танки», — сказал Шойгу.\n"
            "«Их число выросло вдвое за последний год».\n«В следующем году мы закупим ещё больше техники».\n"
            "Погода в Москве была хорошей.\n«Это будет очень длинная цитата без всякого автора».")
    art = pipeline.extract(text)
    assert [(q.text[:12], q.cue, art.entity(q.speaker).name) for q in art.quotes] == [
        ("Армия получи", "сказать", "Сергей Шойгу"), ("Их число выр", None, "Сергей Шойгу"),
        ("В следующем ", None, "Сергей Шойгу")]


def _tokens(text: str) -> list:
    from newsfacts.doc import Token
    from newsfacts.numbers import tokenize

    return [Token(t.start, t.stop, t.text) for t in tokenize(text)]


@pytest.mark.parametrize("text, lemma", [
    ("заявила", "заявить"), ("Подчеркнул", "подчеркнуть"), ("сообщают", "сообщать"), ("отметив", "отметить"),
])
def test_cue_forms_of_any_kind(text, lemma):
    from newsfacts.quotes import cue_at

    found = cue_at(_tokens(text), 0)
    assert found is not None and found.lemma == lemma


@pytest.mark.parametrize("text", ["заявление", "сообщение", "отметка", "министр"])
def test_words_of_the_same_root_are_no_cues(text):
    from newsfacts.quotes import cue_at

    assert cue_at(_tokens(text), 0) is None


def test_an_outlet_anaphor_takes_an_outlet_named_since_the_last_quote(pipeline):
    text = ("Как сообщило агентство Bloomberg, акции компании выросли на 5%. Ежегодный рейтинг журнала "
            "Forbes снова возглавил Алишер Усманов. По оценке издания, его состояние составило 19 млрд долларов.")
    article = pipeline.extract(text)
    assert [article.entity(q.speaker).name for q in article.quotes] == ["Bloomberg", "Forbes"]


# ------------------------------------------------------------------ named rules

def _explained(text: str) -> list[tuple]:
    from newsfacts import quotes
    from newsfacts.pipeline import Pipeline

    prepare = Pipeline(extract=("references",))
    doc = prepare._start(text, None)
    prepare._tag([doc])
    prepare._finish(doc, None)
    return quotes.explain(doc)


def test_explain_names_the_rule(pipeline):
    text = "Министр Иван Петров заявил, что дороги отремонтируют к осени, сообщает агентство Reuters."
    assert [(kind, cue, rule) for _, kind, cue, rule in _explained(text)] == [
        ("indirect", "сообщать", "content_first"), ("indirect", "заявить", "that_clause")]


def test_every_rule_has_a_case(pipeline):
    from newsfacts.quotes import RANKS

    seen = {rule for text, _ in PASSING for *_, rule in _explained(text)}
    assert set(RANKS) <= seen, set(RANKS) - seen


def test_rules_are_not_in_the_public_record(pipeline):
    art = pipeline.extract("«Мы готовы к переговорам», — сказал министр Сергей Лавров.")
    assert "rule" not in art.quotes[0].model_dump()
