"""Quotes: a case table per pattern, metamorphic variants, quotation-mark pairing, the seed."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfacts.quotes import pair_quotes

CASES = Path(__file__).parent / "data" / "quotes_cases.txt"


def load_cases() -> list[tuple[str, list[tuple[str, ...]]]]:
    """(text, [(kind, cue, quoted words, speaker)]) from the case table."""
    cases: list[tuple[str, list[tuple[str, ...]]]] = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith("  "):
            cases.append((line.replace("¶", "\n"), []))
        elif line.strip() != "-":
            cases[-1][1].append(tuple(field.strip() for field in line.split("|")))
    return cases


ALL_CASES = load_cases()


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


@pytest.mark.parametrize("text,expected", ALL_CASES, ids=[c[0][:40] for c in ALL_CASES])
def test_case_table(pipeline, text, expected):
    art = pipeline.extract(text)
    assert not art.errors
    got = described(art)
    assert [(k, c, t) for k, c, t, _ in got] == [(k, c, t) for k, c, t, _ in expected], got
    for (_, _, _, speaker), (_, _, _, want) in zip(got, expected):
        if want != "?":
            assert names_match(speaker, want), (speaker, want)


def test_spans_index_the_text(pipeline):
    for text, _ in ALL_CASES:
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


VARIANTS = [(variant, text) for variant in (to_straight, to_hyphen, to_e) for text, _ in ALL_CASES
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
SEED_INDIRECT = [("главы КНР и Казахстана проведут", "по словам", "Посла Китая в Казахстане Чжан Сяо"),
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
