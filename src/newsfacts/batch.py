"""Batches: many articles through one pipeline, in input order, nothing lost.

An item is a string, a dict with "text" and optional "id"/"published", an
`Article` (its text, id and published are taken again), or a (text, context) pair.
An item that cannot be read, or whose extraction raises, yields an `Article`
with `errors` saying why; the batch goes on.

Three ways to run:

* `workers=1`, no executor: in this process, `batch_size` articles at a time
  (`Pipeline.extract_group`: the NER tagger takes them together);
* `workers=N`: a local pool of N processes, forked from a forkserver that loaded
  the models once (see `pool_context`), each running numpy's BLAS on one thread
  (two BLAS threads per process on two cores only waste CPU). A worker that dies
  (SIGKILL, the OOM killer) costs one article: the pool is replaced, the articles
  it had in hand are run again one by one, and the one that kills a worker again
  gets an error;
* `executor=`: any `concurrent.futures.Executor`, a Dask client's
  `get_executor()` included. A chunk that fails as a whole is retried article by
  article; an article whose own task fails gets the error.

Chunks of `batch_size` articles go out at a time, a few per worker, so a lazy
iterator of millions of items runs in bounded memory.
"""
from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
import threading
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any, Iterable, Iterator, Optional

from .errors import NewsfactsError
from .pipeline import failed_article
from .records import Article

# set in worker processes before numpy loads: one BLAS thread per process
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
               "NUMEXPR_NUM_THREADS")
# articles through the NER tagger together (Pipeline.extract_group) in a Dask
# partition, which has no batch size of its own
GROUP = 16
# chunks in flight per worker: one running, one queued, so no worker waits for work
CHUNKS_PER_WORKER = 2
# at most this many times the chunks in flight wait, done, for an earlier one
WAITING_PER_SLOT = 4
WARMUP_TEXT = "Посол Китая Чжан Сяо заявил, что товарооборот вырос на 32% в 2023 году."

# (position in the input, text, id, published): what a worker is sent
Job = tuple[int, str, Optional[str], Any]


# ------------------------------------------------------------------ items

def read_item(item: Any) -> tuple[str, Optional[str], Any]:
    """(text, id, published) of one batch item; TypeError/ValueError when it has none."""
    if isinstance(item, str):
        return item, None, None
    if isinstance(item, Article):
        return item.text, item.id, item.published
    if isinstance(item, dict):
        if "text" not in item:
            raise ValueError("item has no 'text' field")
        return item["text"], _id(item.get("id")), item.get("published")
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], dict):
        text, context = item
        return text, _id(context.get("id")), context.get("published")
    raise TypeError(f"expected str, dict, Article or (text, context) pair, got {type(item).__name__}")


def _id(value: Any) -> Optional[str]:
    return None if value is None else str(value)


def item_id(item: Any) -> Optional[str]:
    """The id an item names, even when it cannot be read (so its error Article carries it)."""
    try:
        if isinstance(item, dict):
            return _id(item.get("id"))
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], dict):
            return _id(item[1].get("id"))
        if isinstance(item, Article):
            return item.id
    except Exception:
        pass
    return None


def read_job(position: int, item: Any) -> Job | Article:
    """The job of one item, or a failed Article when the item cannot be read."""
    text, id = "", None
    try:
        text, id, published = read_item(item)
        if not isinstance(text, str):
            raise TypeError(f"expected str for text, got {type(text).__name__}")
    except Exception as error:
        return failed_article(error, id or item_id(item), text)
    return (position, text, id, published)


def run_jobs(pipeline, jobs: list[Job], group: int = GROUP) -> list[Article]:
    """One Article per job, `group` articles through `Pipeline.extract_group` at a time."""
    out: list[Article] = []
    for first in range(0, len(jobs), group):
        out += pipeline.extract_group([(text, published, id) for _, text, id, published in jobs[first:first + group]])
    return out


def extract_items(pipeline, items: list, group: int = GROUP) -> list[Article]:
    """One Article per item, in order; never raises."""
    entries = [read_job(position, item) for position, item in enumerate(items)]
    return _merge(entries, run_jobs(pipeline, [entry for entry in entries if isinstance(entry, tuple)], group))


# ------------------------------------------------------------------ worker side

_threads_limited = False


def limit_threads() -> None:
    """One BLAS/OpenMP thread in this process (worker processes only)."""
    global _threads_limited
    if _threads_limited:
        return
    _threads_limited = True
    for name in THREAD_VARS:
        os.environ[name] = "1"  # read by numpy's BLAS when it loads later
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(1)  # numpy already loaded here (a Dask worker, a forked process)


def warm_up(pipeline=None) -> None:
    """Load the models and lexicons and import the stages, with one short article."""
    from .pipeline import Pipeline

    try:
        (pipeline or Pipeline()).extract(WARMUP_TEXT)
    except Exception:  # a failing warm-up must not break the pool: the articles will say why
        pass


def init_worker(pipeline, caller_alive=None) -> None:
    """Pool initializer: exit with the caller, one BLAS thread, then load the models once.

    A worker forked from the preloaded forkserver has the models already: this costs
    milliseconds there."""
    # Ctrl-C is for the caller, which then stops the pool; not a traceback per worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if caller_alive is not None:
        exit_with_caller(caller_alive)
    limit_threads()
    warm_up(pipeline)


# ------------------------------------------------------------------ lifeline
# A worker waits for work on a queue that it holds both ends of, so it would wait
# forever once the caller died (SIGKILL, the OOM killer), and the forkserver lives as
# long as any worker does. So each worker holds the read end of a pipe that only the
# caller can write to: the kernel closes it when the caller dies, however it died,
# and the worker exits; the forkserver, its last worker gone, then exits by itself.
# (Not the parent's pid: a worker's parent is the forkserver, not the caller. Not
# PR_SET_PDEATHSIG: it fires when the thread that started the pool ends.)

_lifeline: Optional[tuple] = None  # (pid, reader, writer) of this process


def caller_lifeline():
    """The read end of a pipe that nothing is ever written to and this process holds
    the write end of: it reads EOF once this process is gone."""
    global _lifeline
    if _lifeline is None or _lifeline[0] != os.getpid():  # a forked child makes its own
        reader, writer = multiprocessing.Pipe(duplex=False)
        _lifeline = (os.getpid(), reader, writer)
    return _lifeline[1]


def exit_with_caller(lifeline) -> None:
    """Exit this process as soon as the lifeline reads EOF (its caller has died)."""

    def watch() -> None:
        try:
            lifeline.recv_bytes()
        except (EOFError, OSError):
            pass
        os._exit(1)  # no cleanup to wait for: nobody is left to take the results

    threading.Thread(target=watch, name="newsfacts-lifeline", daemon=True).start()


def ping() -> bool:
    """A task that only proves a worker started."""
    return True


def extract_chunk(pipeline, jobs: list[Job], parent_pid: Optional[int] = None) -> list[Article]:
    """Worker task: each job through the pipeline, one Article each (never raises).

    Args:
        pipeline: the `Pipeline` (pickled without models; they load once per process).
        jobs: (position, text, id, published) tuples.
        parent_pid: the caller's process; any other process is a worker and runs
            BLAS on one thread.
    """
    if parent_pid is not None and os.getpid() != parent_pid:
        limit_threads()
    return run_jobs(pipeline, jobs, group=len(jobs) or 1)


# ------------------------------------------------------------------ batch

def run_batch(pipeline, items: Iterable[Any], *, workers: int = 1, executor: Optional[Executor] = None,
              batch_size: int = 16, progress: bool = False) -> Iterator[Article]:
    """Facts of many articles, one `Article` per item, in input order.

    Args:
        pipeline: the `Pipeline` to run.
        items: strings, dicts ("text", optional "id"/"published"), Articles or
            (text, context) pairs; any iterable, read lazily.
        workers: 1 runs in this process; N > 1 runs a local pool of N processes.
        executor: a `concurrent.futures.Executor` to run on instead (e.g.
            `distributed.Client().get_executor()`).
        batch_size: articles sent to a worker at a time, and tagged by NER together.
        progress: show a tqdm bar (articles, articles/s, ETA) on stderr or in the notebook.

    Returns:
        An iterator of `Article`; an item that fails yields one with `errors`.

    Raises:
        TypeError, ValueError: bad arguments (at once, not on the first article).
        NewsfactsError: the worker processes cannot start at all.

    Example:
        >>> arts = list(run_batch(Pipeline(), ["Текст один.", {"id": "2", "text": "Текст два."}], workers=2))
    """
    if isinstance(workers, bool) or not isinstance(workers, int):
        raise TypeError(f"expected int for workers, got {type(workers).__name__}")
    if workers < 1:
        raise ValueError(f"workers: expected 1 or more, got {workers}")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size: expected a positive int, got {batch_size!r}")
    if executor is not None and not isinstance(executor, Executor):
        raise TypeError(f"expected concurrent.futures.Executor for executor, got {type(executor).__name__}")
    return _run(pipeline, items, workers, executor, batch_size, progress)


def _progress_bar():
    # tqdm.auto picks the notebook widget, which needs ipywidgets: without it, the
    # terminal bar (which notebooks show too) rather than a warning
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        from tqdm import tqdm
    else:
        from tqdm.auto import tqdm
    return tqdm


def _run(pipeline, items, workers, executor, batch_size, progress) -> Iterator[Article]:
    tqdm = _progress_bar()
    bar = tqdm(total=_length(items), unit="art", desc="newsfacts", disable=not progress, smoothing=0.1)
    try:
        if workers == 1 and executor is None:
            numbered = enumerate(items)
            while chunk := list(islice(numbered, batch_size)):
                for article in extract_items(pipeline, [item for _, item in chunk], group=batch_size):
                    yield article
                    bar.update(1)
        else:
            yield from _Parallel(pipeline, workers, executor, batch_size, bar).run(items)
    finally:
        bar.close()


def _length(items: Any) -> Optional[int]:
    try:
        return len(items)
    except TypeError:
        return None


class _Parallel:
    """Sends chunks out, a few per worker; yields in input order; survives dead workers."""

    def __init__(self, pipeline, workers: int, executor: Optional[Executor], batch_size: int, bar):
        self.pipeline = pipeline
        self.workers = workers
        self.own = executor is None
        self.executor = executor
        self.batch_size = batch_size
        self.bar = bar
        self.pid = os.getpid()

    def run(self, items: Iterable[Any]) -> Iterator[Article]:
        slots = self.workers if self.own else _slots(self.executor, self.workers)
        capacity = CHUNKS_PER_WORKER * slots
        chunks = self._chunks(items, _length(items), slots)
        inflight: dict[Future, list] = {}
        ready: dict[int, list[Article]] = {}  # chunk number -> its articles
        order: deque[int] = deque()           # chunk numbers not yet yielded, in input order
        finished = False
        try:
            for number, chunk in enumerate(chunks):
                order.append(number)
                self._submit(inflight, number, chunk, ready)
                # wait when the workers have enough, or when finished chunks pile up
                # behind a slow one that must be yielded first
                while inflight and (len(inflight) >= capacity or len(order) >= WAITING_PER_SLOT * capacity):
                    self._collect(inflight, ready)
                    yield from self._release(order, ready)
            while inflight:
                self._collect(inflight, ready)
                yield from self._release(order, ready)
            yield from self._release(order, ready)
            finished = True
        finally:
            if self.own and self.executor is not None:
                if finished:
                    _keep_pool(self._pool_key(), self.executor)
                else:
                    _close_pool(self.executor, abandon=True)

    def _chunks(self, items: Iterable[Any], total: Optional[int], slots: int) -> Iterator[list]:
        # a chunk holds jobs and, for items that cannot be read, ready failed Articles.
        # When the total is known, chunks shrink towards the end (guided scheduling),
        # so no worker sits idle while another finishes a long last chunk.
        numbered = enumerate(items)
        sent = 0
        while True:
            size = self.batch_size
            if total is not None:
                size = max(1, min(size, -(-(total - sent) // (2 * slots))))
            chunk = [read_job(position, item) for position, item in islice(numbered, size)]
            if not chunk:
                return
            sent += len(chunk)
            yield chunk

    def _submit(self, inflight: dict, number: int, chunk: list, ready: dict) -> None:
        jobs = [entry for entry in chunk if isinstance(entry, tuple)]
        if not jobs:
            ready[number] = chunk
            self.bar.update(len(chunk))
            return
        if self.executor is None:  # our own pool starts with the first chunk to run
            self.executor = self._new_pool()
        try:
            future = self.executor.submit(extract_chunk, self.pipeline, jobs, self.pid)
        except Exception as error:  # a broken or shut-down executor
            future = Future()
            future.set_exception(error)
        inflight[future] = (number, chunk)

    def _collect(self, inflight: dict, ready: dict) -> None:
        done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
        lost = []
        for future in done:
            number, chunk = inflight.pop(future)
            try:
                ready[number] = _merge(chunk, future.result())
                self.bar.update(len(chunk))
            except Exception as error:
                lost.append((number, chunk, error))
        if not lost:
            return
        if self.own and any(isinstance(e, BrokenProcessPool) for _, _, e in lost):
            # every chunk still in the dead pool is lost with it: wait for the verdicts
            for future, (number, chunk) in list(inflight.items()):
                try:
                    ready[number] = _merge(chunk, future.result())
                    self.bar.update(len(chunk))
                except Exception as error:
                    lost.append((number, chunk, error))
                del inflight[future]
            self._replace_pool()
        for number, chunk, _ in sorted(lost, key=lambda lost_chunk: lost_chunk[0]):
            ready[number] = self._isolate(chunk)
            self.bar.update(len(chunk))

    def _isolate(self, chunk: list) -> list[Article]:
        # run the lost chunk's articles one at a time: only the culprit fails again
        out = []
        for entry in chunk:
            if not isinstance(entry, tuple):
                out.append(entry)
                continue
            out.append(self._run_alone(entry))
        return out

    def _run_alone(self, job: Job) -> Article:
        _, text, id, _ = job
        try:
            return self.executor.submit(extract_chunk, self.pipeline, [job], self.pid).result()[0]
        except BrokenProcessPool as error:
            if self.own:
                self._replace_pool()
            return failed_article(f"worker process died while extracting this article "
                                  f"({type(error).__name__}: {error})", id, text)
        except Exception as error:
            return failed_article(f"worker task failed: {type(error).__name__}: {error}", id, text)

    def _pool_key(self) -> tuple:
        return (self.workers, type(self.pipeline), getattr(self.pipeline, "stages", None))

    def _new_pool(self) -> ProcessPoolExecutor:
        # the pool a finished batch left: its workers have their models loaded already
        kept = _IDLE_POOLS.pop(self._pool_key(), None)
        if kept is not None:
            try:
                kept.submit(ping).result()
                return kept
            except Exception:
                _close_pool(kept, abandon=True)
        context = pool_context()
        try:
            return self._started_pool(context)
        except (BrokenProcessPool, OSError) as error:
            if context.get_start_method() == "spawn":
                failure = error
            else:
                # a forkserver this machine cannot run (no Unix sockets, say): spawned workers
                try:
                    return self._started_pool(multiprocessing.get_context("spawn"))
                except (BrokenProcessPool, OSError) as again:
                    failure = again
        # workers that cannot start (the pipeline does not unpickle there, no memory for the
        # models, a script without a main guard) would fail every article: say so once
        raise NewsfactsError(f"worker processes could not start: {failure} (a script that runs workers "
                             f"needs its code under `if __name__ == \"__main__\":`)") from None

    def _started_pool(self, context) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context, initializer=init_worker,
                                   initargs=(self.pipeline, caller_lifeline()))
        try:
            pool.submit(ping).result()
        except BaseException:
            _close_pool(pool, abandon=True)
            raise
        return pool

    def _replace_pool(self) -> None:
        _close_pool(self.executor, abandon=True)
        self.executor = self._new_pool()

    @staticmethod
    def _release(order: deque, ready: dict) -> Iterator[Article]:
        while order and order[0] in ready:
            yield from ready.pop(order.popleft())


def pool_context():
    """How pool workers start: forked from a forkserver that loaded the models once.

    Not a plain fork of the caller, whose threads (a notebook's, a Dask client's,
    tqdm's) may hold locks a child would inherit locked; the forkserver is a clean
    process of its own. Its first start loads the models (about as long as one
    spawned worker takes); every pool after that, in this process, starts in
    milliseconds, and its workers share the model arrays with it. Where there is
    no forkserver (Windows), or it cannot run, each worker is spawned and loads its
    own.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # no effect once this process's forkserver runs (started by us or by the caller):
    # workers then load the models themselves, in init_worker
    context.set_forkserver_preload([f"{__package__}.preload"])
    return context


def _merge(chunk: list, articles: list[Article]) -> list[Article]:
    # put the workers' Articles back between the items that failed to read
    results = iter(articles)
    return [next(results) if isinstance(entry, tuple) else entry for entry in chunk]


def _slots(executor: Executor, workers: int) -> int:
    """How many tasks the executor runs at once, as far as it says."""
    count = getattr(executor, "_max_workers", None)
    client = getattr(executor, "_client", None)  # distributed's ClientExecutor
    if client is not None:
        try:
            count = sum(client.nthreads().values())
        except Exception:
            count = None
    return max(workers, count or 1)


# pools of finished batches, by (workers, pipeline class, stages): the next batch of the
# same pipeline reuses one instead of spawning workers and loading models again
_IDLE_POOLS: dict[tuple, ProcessPoolExecutor] = {}


def _keep_pool(key: tuple, pool: ProcessPoolExecutor) -> None:
    old = _IDLE_POOLS.pop(key, None)
    if old is not None:
        _close_pool(old, abandon=False)
    _IDLE_POOLS[key] = pool


def close_pools() -> None:
    """Stop the worker processes that finished batches keep for the next one."""
    while _IDLE_POOLS:
        _close_pool(_IDLE_POOLS.popitem()[1], abandon=False)


atexit.register(close_pools)


def _close_pool(pool: ProcessPoolExecutor, abandon: bool) -> None:
    if not abandon:
        pool.shutdown(wait=True)
        return
    # results no longer wanted (the caller stopped early, or the pool broke): stop now
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
