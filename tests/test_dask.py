"""newsfacts.dask on a real two-process LocalCluster: the same records as a local run."""
from __future__ import annotations

import subprocess
import sys

import pytest

distributed = pytest.importorskip("distributed")
pandas = pytest.importorskip("pandas")
import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402

import newsfacts  # noqa: E402
from newsfacts.pipeline import Pipeline  # noqa: E402

TEXTS = [
    "Президент Казахстана Касым-Жомарт Токаев прибыл в Пекин.",
    "Министр финансов России Антон Силуанов выступил в Москве.",
    "Глава Сбербанка Герман Греф встретился с губернатором Татарстана.",
    "Посол Франции в России Пьер Леви посетил Санкт-Петербург.",
    "Мэр Москвы Сергей Собянин осмотрел новую станцию метро.",
    "Председатель КНР Си Цзиньпин принял в Пекине премьера Индии.",
    "ООН призвала Армению и Азербайджан продолжить переговоры.",
]
ITEMS = [{"id": f"d{n}", "text": text, "published": "2024-07-0%d" % (n + 1)} for n, text in enumerate(TEXTS)]


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with distributed.Client(cluster) as client:
        yield client
    cluster.close()


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline(extract=("entities", "roles"))


@pytest.fixture(scope="module")
def local(pipeline):
    return list(pipeline.extract_many(ITEMS))


def test_bag_of_dicts_equals_local(client, pipeline, local):
    import newsfacts.dask as nfd

    records = nfd.extract_bag(db.from_sequence(ITEMS, npartitions=3), pipeline).compute()
    assert records == [article.model_dump(mode="json") for article in local]
    # the work ran in the worker processes: they loaded the models and run BLAS on one thread
    state = client.run(_worker_state)
    assert len(state) == 2 and any(loaded for loaded, _ in state.values())
    assert all(limited for loaded, limited in state.values() if loaded)


def _worker_state():
    from newsfacts import batch, nlp

    return nlp.ner_model.cache_info().currsize == 1, batch._threads_limited


def test_bag_of_texts_and_rows(client, pipeline, local):
    import newsfacts.dask as nfd

    texts = nfd.extract_bag(db.from_sequence(TEXTS, npartitions=2), pipeline).compute()
    assert [r["entities"] for r in texts] == [a.model_dump(mode="json")["entities"] for a in local]
    rows = nfd.extract_bag(db.from_sequence(ITEMS, npartitions=3), pipeline, kind="roles").compute()
    assert rows == newsfacts.to_frame(local, "roles").to_dict("records")


def test_dataframe_equals_local(client, pipeline, local):
    import newsfacts.dask as nfd

    frame = dd.from_pandas(pandas.DataFrame(ITEMS).set_index("id"), npartitions=3)
    for kind in ("entities", "articles"):
        got = nfd.extract_frame(frame, "text", published="published", pipeline=pipeline, kind=kind).compute()
        want = newsfacts.to_frame(local, kind)
        assert list(got.columns) == list(want.columns)
        assert got.reset_index(drop=True).astype(object).equals(want.astype(object)), kind
    with pytest.raises(ValueError, match="no column 'body'"):
        nfd.extract_frame(frame, "body")
    with pytest.raises(ValueError, match="unknown kind"):
        nfd.extract_frame(frame, kind="speakers")


def test_a_series_of_texts_whatever_its_name(client, pipeline, local):
    import newsfacts.dask as nfd

    series = dd.from_pandas(pandas.Series(TEXTS, name="body"), npartitions=2)
    got = nfd.extract_frame(series, pipeline=pipeline, kind="entities").compute()
    # ids are the Series' index (0, 1, ...): the same rows as the local run, under those ids
    want = newsfacts.to_frame([a.model_copy(update={"id": str(n)}) for n, a in enumerate(local)], "entities")
    assert got.reset_index(drop=True).astype(object).equals(want.astype(object))
    with pytest.raises(ValueError, match="a Series of texts has no other columns"):
        nfd.extract_frame(series, id="url")


def test_plain_pandas_and_lists_just_work(client, pipeline, local):
    import newsfacts.dask as nfd

    frame = pandas.DataFrame(ITEMS).set_index("id").iloc[::-1]  # an unsorted index keeps its row order
    got = nfd.extract_frame(frame, "text", published="published", pipeline=pipeline, kind="articles").compute()
    want = newsfacts.to_frame(local[::-1], "articles")
    assert got.reset_index(drop=True).astype(object).equals(want.astype(object))
    series = nfd.extract_frame(pandas.Series(TEXTS), pipeline=pipeline, kind="articles").compute()
    assert list(series.entities) == [len(a.entities) for a in local]
    records = nfd.extract_bag(ITEMS, pipeline).compute()
    assert records == [article.model_dump(mode="json") for article in local]
    with pytest.raises(TypeError, match="expected a Dask or pandas DataFrame or Series, got list"):
        nfd.extract_frame(TEXTS)


def test_client_executor_equals_local(client, pipeline, local):
    out = list(pipeline.extract_many(ITEMS, executor=client.get_executor(), batch_size=2))
    assert out == local


def test_missing_extra_says_how_to_install():
    code = ("import sys, newsfacts; sys.modules['dask'] = None\n"
            "try:\n    import newsfacts.dask\n"
            "except newsfacts.MissingExtraError as error:\n    print(error)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "pip install 'newsfacts[dask]'" in out
