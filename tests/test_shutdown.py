"""Stopping `newsfacts extract-many --workers 2`: by SIGTERM or SIGHUP as by Ctrl-C, and
no worker or forkserver outlives the run, however it ended (SIGKILL included)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

psutil = pytest.importorskip("psutil")

TEXT = "Президент Казахстана Касым-Жомарт Токаев прибыл в Пекин. Сообщение номер {}."
# generous: a loaded two-core machine loads the models slowly
START_TIMEOUT = 240
EXIT_TIMEOUT = 60


def _corpus(tmp_path, count=20000):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": f"n{n}", "text": TEXT.format(n)}, ensure_ascii=False) + "\n"
                            for n in range(count)), encoding="utf-8")
    return path


def _lines(path):
    return path.read_bytes().count(b"\n") if path.exists() else 0


def _start(tmp_path, out):
    command = [sys.executable, "-m", "newsfacts", "extract-many", str(_corpus(tmp_path)), "-o", str(out),
               "--workers", "2", "--batch-size", "2", "--extract", "entities", "--no-progress"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    parent = psutil.Process(process.pid)
    deadline = time.monotonic() + START_TIMEOUT
    # running in full: the forkserver, both workers, and articles coming out
    while time.monotonic() < deadline and process.poll() is None:
        children = parent.children(recursive=True)
        if len(children) >= 3 and _lines(out) >= 10:
            return process, children
        time.sleep(0.05)
    process.kill()
    pytest.fail(f"the run did not get going (exit {process.poll()}): {process.stderr.read().decode()[-500:]}")


def _survivors(processes, timeout=EXIT_TIMEOUT):
    """The processes still running after at most `timeout` seconds (a zombie is gone)."""
    deadline = time.monotonic() + timeout
    while True:
        alive = []
        for process in processes:
            try:
                if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                    alive.append(process)
            except psutil.NoSuchProcess:
                pass
        if not alive or time.monotonic() > deadline:
            for process in alive:  # a failed test leaves nothing running either
                process.kill()
            return alive
        time.sleep(0.1)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_ends_the_run_like_ctrl_c(tmp_path, signum):
    out = tmp_path / "out.jsonl"
    process, children = _start(tmp_path, out)
    process.send_signal(signum)
    err = process.stderr.read().decode()
    assert process.wait(timeout=EXIT_TIMEOUT) == 128 + signum, err
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]  # whole lines only
    assert [record["id"] for record in written] == [f"n{n}" for n in range(len(written))]
    assert (f"stopped by {signal.Signals(signum).name}: {len(written)} articles written to {out}; "
            f"rerun with --resume to go on") in err
    assert "Traceback" not in err
    assert _survivors(children) == []


def test_sigkill_leaves_no_worker_behind(tmp_path):
    process, children = _start(tmp_path, tmp_path / "out.jsonl")
    process.kill()
    assert process.wait(timeout=EXIT_TIMEOUT) == -signal.SIGKILL
    assert _survivors(children) == []


IDLE_POOL = """
import sys, time
import newsfacts
if __name__ == "__main__":
    pipeline = newsfacts.Pipeline(extract=("entities",))
    list(pipeline.extract_many(["Токаев прибыл в Пекин."] * 8, workers=2))
    print("ready", flush=True)  # its pool now waits, idle, for the next batch
    time.sleep(600)
"""


def test_idle_pool_workers_exit_with_a_killed_caller(tmp_path):
    script = tmp_path / "idle.py"
    script.write_text(IDLE_POOL, encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert process.stdout.readline() == b"ready\n"
        children = psutil.Process(process.pid).children(recursive=True)
        assert len(children) >= 3  # the forkserver and two workers (and the resource tracker)
    finally:
        process.kill()
    process.wait(timeout=EXIT_TIMEOUT)
    assert _survivors(children) == []


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or sys.platform == "win32", reason="no SIGTERM to send")
def test_a_stop_signal_waits_for_the_line_being_written():
    # the stop message counts whole lines: a signal that arrives while one is written and
    # counted takes effect once both are done, whichever thread the system gives it to
    import threading

    from newsfacts import cli

    idle = threading.Event()
    other = threading.Thread(target=idle.wait)     # a second thread the signal may reach
    other.start()
    previous = cli._catch_stop_signals()
    steps = []
    try:
        with pytest.raises(cli.Stopped):
            with cli._stop_signals_held():
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(0.05)    # time enough for the handler to run, were it not held
                steps.append("written")
                steps.append("counted")
            steps.append("went on")
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        idle.set()
        other.join()
    assert steps == ["written", "counted"]
