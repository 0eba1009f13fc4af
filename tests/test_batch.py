"""extract_many: input order, every item form, nothing lost to a raising stage or a dying worker."""
from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
from concurrent.futures import ThreadPoolExecutor
from itertools import count, islice

import pytest

import newsfacts
from newsfacts.pipeline import STAGES, Pipeline

TEXTS = [
    "Президент Казахстана Касым-Жомарт Токаев прибыл в Пекин.",
    "Министр финансов России Антон Силуанов выступил в Москве на форуме.",
    "Глава Сбербанка Герман Греф встретился с губернатором Татарстана.",
    "В Алматы открылся новый филиал компании «Газпром».",
    "Посол Франции в России Пьер Леви посетил Санкт-Петербург.",
    "Мэр Москвы Сергей Собянин осмотрел новую станцию метро.",
    "Делегация Узбекистана провела переговоры в Бишкеке.",
    "Алексей Навальный и Илья Яшин пришли на заседание суда в Москве.",
    "Председатель КНР Си Цзиньпин принял в Пекине премьера Индии.",
    "ООН призвала Армению и Азербайджан продолжить переговоры.",
]
POISON = "ЯДОВИТАЯ СТАТЬЯ"   # the test stage raises on an article with these words
LETHAL = "СМЕРТЕЛЬНАЯ СТАТЬЯ"  # ... and kills its worker process on these


def extract_poison(doc) -> None:
    """A test stage: raises on POISON, SIGKILLs its own (worker) process on LETHAL."""
    if LETHAL in doc.text:
        if multiprocessing.parent_process() is None:
            raise RuntimeError("refusing to kill the test runner itself")
        os.kill(os.getpid(), signal.SIGKILL)
    if POISON in doc.text:
        raise RuntimeError("poisoned article")


def _register() -> None:
    STAGES.setdefault("poison", (__name__, "extract_poison", ()))


class PoisonPipeline(Pipeline):
    """Entities plus the test stage; registers the stage wherever it is unpickled (in workers)."""

    def __init__(self):
        _register()
        super().__init__(extract=("entities",))
        self.stages = ("entities", "poison")

    def __setstate__(self, state):
        _register()
        self.__dict__.update(state)


@pytest.fixture(scope="module")
def entities():
    return Pipeline(extract=("entities",))


@pytest.fixture(scope="module")
def reference(entities):
    """Each text through `extract`, one at a time: what every batch must give."""
    return [entities.extract(text, id=str(n)) for n, text in enumerate(TEXTS)]


@pytest.fixture
def poison():
    pipeline = PoisonPipeline()
    yield pipeline
    STAGES.pop("poison", None)


def _items():
    return [{"id": str(n), "text": text} for n, text in enumerate(TEXTS)]


def test_item_forms_in_order(entities):
    items = [
        "Путин прилетел в Минск.",
        {"id": 7, "text": "Лукашенко встретил Путина в Минске.", "published": "2024-07-07"},
        ("Токаев выступил в Астане.", {"id": "pair", "published": "2024-01-02"}),
        newsfacts.Article(id="again", text="Мирзиёев прибыл в Ташкент."),
        42,
        {"id": "no-text"},
        {"id": "bad-date", "text": "Текст.", "published": "вчера"},
    ]
    out = list(entities.extract_many(items))
    assert [a.id for a in out] == [None, "7", "pair", "again", None, "no-text", "bad-date"]
    assert out[0] == entities.extract("Путин прилетел в Минск.")
    assert str(out[1].published) == "2024-07-07" and str(out[2].published) == "2024-01-02"
    assert out[3].text == "Мирзиёев прибыл в Ташкент." and out[3].entities
    assert [bool(a.errors) for a in out] == [False] * 4 + [True] * 3
    assert "expected str, dict, Article" in out[4].errors[0]
    assert "no 'text' field" in out[5].errors[0]
    assert "published" in out[6].errors[0]


def test_pool_keeps_order(entities, reference):
    out = list(entities.extract_many(_items(), workers=2, batch_size=2))
    assert out == reference


def test_executor_keeps_order(entities, reference):
    with ThreadPoolExecutor(2) as executor:
        out = list(entities.extract_many(_items(), executor=executor, batch_size=3))
    assert out == reference


def test_a_group_gives_what_extract_gives(pipeline):
    # the full pipeline: every stage reads the mentions the shared NER batches gave
    texts = TEXTS + ["", "Путин."]
    jobs = [(text, "2024-07-07", str(n)) for n, text in enumerate(texts)]
    jobs.insert(3, ("Текст с плохой датой.", "вчера", "bad"))
    jobs.insert(5, (42, None, "not-text"))
    out = pipeline.extract_group(jobs)
    assert [a.id for a in out] == [job[2] for job in jobs]
    good = [n for n, job in enumerate(jobs) if job[2] not in ("bad", "not-text")]
    assert [out[n] for n in good] == [pipeline.extract(jobs[n][0], published="2024-07-07", id=jobs[n][2])
                                      for n in good]
    assert "published" in out[3].errors[0] and "expected str for text" in out[5].errors[0]


def test_a_group_outlives_a_failing_tagger(entities, reference, monkeypatch):
    from newsfacts import nlp

    together = nlp.tag_ner_many

    def only_alone(docs):
        if len(docs) > 1:
            raise MemoryError("the batch is too large")
        return together(docs)

    monkeypatch.setattr(nlp, "tag_ner_many", only_alone)
    assert entities.extract_group([(a.text, None, a.id) for a in reference]) == reference


@pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(), reason="no forkserver here")
def test_pool_workers_fork_from_a_preloaded_forkserver():
    import subprocess
    import sys

    from newsfacts.batch import pool_context

    assert pool_context().get_start_method() == "forkserver"
    # what the forkserver imports loads every model once, for all the workers it forks
    code = ("import newsfacts.preload, newsfacts.nlp as nlp, newsfacts.morph as morph; "
            "print(nlp.ner_model.cache_info().currsize, nlp.syntax_model.cache_info().currsize, "
            "morph.analyzer.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1", "1", "1"]


@pytest.mark.parametrize("workers", [1, 2])
def test_raising_stage_loses_one_article(poison, reference, workers):
    items = _items()
    items[4]["text"] += " " + POISON
    out = list(poison.extract_many(items, workers=workers, batch_size=3))
    assert [a.id for a in out] == [str(n) for n in range(len(TEXTS))]
    assert out[:4] + out[5:] == reference[:4] + reference[5:]
    assert len(out[4].errors) == 1 and out[4].errors[0].startswith("poison: RuntimeError: poisoned article")
    assert out[4].entities  # the stages before it kept their facts


def test_killed_worker_loses_one_article(poison, reference):
    items = _items()
    items[4]["text"] += " " + LETHAL  # in the middle of the second chunk of three
    items[9]["text"] += " " + LETHAL  # and the last article, in a chunk of its own
    # an iterator has no length: chunks of exactly batch_size, none made smaller at the end
    out = list(poison.extract_many(iter(items), workers=2, batch_size=3))
    assert [a.id for a in out] == [str(n) for n in range(len(TEXTS))]
    assert out[:4] + out[5:9] == reference[:4] + reference[5:9]
    for lost in (out[4], out[9]):
        assert len(lost.errors) == 1 and "worker process died" in lost.errors[0]
        assert lost.text == items[int(lost.id)]["text"]


def test_lazy_input_in_bounded_steps(entities):
    read = []

    def endless():
        for n in count():
            read.append(n)
            yield f"Новость номер {n} из Москвы."

    out = list(islice(entities.extract_many(endless(), workers=2, batch_size=2), 3))
    assert [a.text for a in out] == [f"Новость номер {n} из Москвы." for n in range(3)]
    # never more chunks ahead than the workers may hold and wait on, however fast a
    # (reused, warm) pool answers: not the whole stream
    from newsfacts.batch import CHUNKS_PER_WORKER, WAITING_PER_SLOT

    assert len(read) <= 2 * (WAITING_PER_SLOT * CHUNKS_PER_WORKER * 2 + 1)


def test_progress_bar_on_stderr(entities, capsys):
    list(entities.extract_many(TEXTS[:3], progress=True))
    err = capsys.readouterr().err
    assert "3/3" in err and "art/s" in err
    list(entities.extract_many(TEXTS[:3]))
    assert capsys.readouterr().err == ""


def test_pipeline_pickles_without_models(entities):
    entities.extract(TEXTS[0])  # models loaded in this process
    data = pickle.dumps(Pipeline())
    assert len(data) < 300
    assert pickle.loads(data) == Pipeline()


@pytest.mark.parametrize("kwargs, error", [
    ({"workers": 0}, ValueError), ({"workers": "2"}, TypeError), ({"batch_size": 0}, ValueError),
    ({"executor": "dask"}, TypeError),
])
def test_bad_arguments_raise_at_once(entities, kwargs, error):
    with pytest.raises(error):
        entities.extract_many(TEXTS, **kwargs)


class Unstartable(Pipeline):
    """A pipeline that cannot be rebuilt in a worker process."""

    def __setstate__(self, state):
        raise RuntimeError("no models here")


def test_workers_that_cannot_start_raise_once():
    with pytest.raises(newsfacts.NewsfactsError, match="worker processes could not start"):
        list(Unstartable(extract=("entities",)).extract_many(TEXTS, workers=2))


class _NoSockets(type(multiprocessing.get_context("forkserver"))):
    """A forkserver context on a machine where it cannot run."""

    _name = "forkserver"

    class Process(multiprocessing.context.ForkServerProcess):
        def start(self):
            raise OSError("no Unix sockets here")


@pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(), reason="no forkserver here")
def test_a_forkserver_that_cannot_run_falls_back_to_spawn(entities, reference, monkeypatch):
    from newsfacts import batch

    batch.close_pools()
    monkeypatch.setattr(batch, "pool_context", lambda: _NoSockets())
    assert list(entities.extract_many(_items(), workers=2, batch_size=3)) == reference
    (pool,) = batch._IDLE_POOLS.values()
    assert pool._mp_context.get_start_method() == "spawn"
    batch.close_pools()


def test_a_finished_batch_keeps_its_pool_for_the_next(entities):
    from newsfacts import batch

    batch.close_pools()
    assert len(list(entities.extract_many(TEXTS[:4], workers=2))) == 4
    kept = dict(batch._IDLE_POOLS)
    assert len(kept) == 1
    assert len(list(entities.extract_many(TEXTS[:4], workers=2))) == 4
    assert list(batch._IDLE_POOLS.values()) == list(kept.values())  # the same pool again
    batch.close_pools()
    assert batch._IDLE_POOLS == {}


def test_length_batches_bound_their_padding():
    """slovnet pads a batch to its longest item: each batch is at most NER_BATCH long and
    its longest item at most MAX_PADDING times its shortest, with every item kept in order."""
    from newsfacts import nlp

    lengths = [1, 2, 2, 3, 5, 9, 10, 11, 40, 41, 200]
    items = sorted(lengths + [6] * 20)
    batches = nlp._length_batches(items, lambda n: n, nlp.NER_BATCH)
    assert [n for batch in batches for n in batch] == items
    assert all(len(batch) <= nlp.NER_BATCH for batch in batches)
    assert all(batch[-1] <= nlp.MAX_PADDING * batch[0] for batch in batches)
    assert len(batches) < len(items)


def test_tags_do_not_depend_on_how_paragraphs_are_batched(pipeline, monkeypatch):
    """Paragraphs of very different lengths tagged in batches of their own, or padded
    together in one batch, give the same mentions."""
    from newsfacts import nlp

    text = "\n".join([TEXTS[0], " ".join(TEXTS[1:8]), TEXTS[8], " ".join(TEXTS * 2)])
    doc = pipeline._start(text, None)
    pieces = sorted(nlp._paragraph_pieces(doc.sents, doc.text), key=len)
    assert len(nlp._length_batches(pieces, len, nlp.NER_BATCH)) > 1
    apart = nlp.tag_ner(doc.sents, doc.text)
    monkeypatch.setattr(nlp, "MAX_PADDING", 10**6)
    assert len(nlp._length_batches(pieces, len, nlp.NER_BATCH)) == 1
    assert apart and nlp.tag_ner(doc.sents, doc.text) == apart
