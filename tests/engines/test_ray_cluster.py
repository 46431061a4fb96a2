"""Joining a running Ray cluster: a head started here (``ray start --head`` in its own
process group, a private temporary folder, free local ports), joined with ``ray_address``,
gives the local engine's bytes; when it goes away mid-build, the build ends with one line
(exit 1), the published versions stay, and the next build reuses the finished work.

The head is stopped by its process group, never by ``ray stop`` (which ends every Ray
process on the machine).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import pytest

from newspack.build import build
from newspack.config import Config
from test_faults import ARTICLE, _shas

pytest.importorskip("ray")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture
def head():
    """A two-CPU head; yields its address and a function that kills it."""
    temp = tempfile.mkdtemp(prefix="nshead-")  # short: Ray's socket paths have a limit
    port = _free_port()
    ports = {f"--{name}": _free_port() for name in (
        "node-manager-port", "object-manager-port", "metrics-export-port",
        "dashboard-agent-listen-port", "dashboard-agent-grpc-port", "runtime-env-agent-port")}
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "disabled"}
    env.pop("NEWSPACK_KILL_AT", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ray.scripts.scripts", "start", "--head", "--block",
         f"--port={port}", "--node-ip-address=127.0.0.1", "--num-cpus=2",
         "--include-dashboard=false", "--disable-usage-stats", f"--temp-dir={temp}",
         *(f"{k}={v}" for k, v in ports.items())],
        env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def kill():
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the head's whole group, nothing else
            proc.wait()

    try:
        deadline = time.monotonic() + 60
        while not _answers(port):
            assert proc.poll() is None and time.monotonic() < deadline, "head did not start"
            time.sleep(0.2)
        yield f"127.0.0.1:{port}", kill
    finally:
        kill()
        shutil.rmtree(temp, ignore_errors=True)


def _cli(args, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "NEWSPACK_KILL_AT"}
    return subprocess.Popen([sys.executable, "-m", "newspack.cli", "build", *args,
                             "--no-progress"], cwd=tmp_path, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_a_joined_cluster_gives_the_local_bytes_and_its_loss_ends_the_build(head, corpus,
                                                                           tmp_path):
    address, kill = head
    for n in range(120):
        (corpus / f"n{n:03d}.txt").write_text(ARTICLE.format(n=n))
    build([str(corpus)], tmp_path / "local", Config(), progress=False)
    joined = tmp_path / "joined"
    proc = _cli([str(corpus), "--out", str(joined), "--engine", "ray", "--ray-address",
                 address], tmp_path)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert _shas(joined / "versions/1.0.0") == _shas(tmp_path / "local/versions/1.0.0")
    assert _answers(int(address.rsplit(":", 1)[1]))  # joined, so left running

    before = _shas(joined / "versions/1.0.0")
    cache = joined / ".cache/extract.sqlite"
    first = _stored(cache)
    for n in range(4000):  # a second build, long enough to lose its cluster halfway
        (corpus / f"m{n:04d}.txt").write_text(ARTICLE.format(n=n) * 3)
    proc = _cli([str(corpus), "--out", str(joined), "--engine", "ray", "--ray-address",
                 address], tmp_path)
    deadline = time.monotonic() + 120
    while _stored(cache) == first and time.monotonic() < deadline:
        time.sleep(0.2)
    kill()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    # Ray's C++ core may log its own lines about the lost head first (it has no switch
    # for them that does not print a line of its own): ours is the one newspack line
    lines = [ln for ln in err.strip().splitlines() if "task_manager.cc" not in ln]
    assert len(lines) == 1 and "newspack: error: the Ray cluster went away" in lines[0], err
    assert out == "" and "Traceback" not in err
    assert _shas(joined / "versions/1.0.0") == before
    result = build([str(corpus)], joined, Config(), progress=False)  # the local engine
    assert result.version == "1.1.0" and result.work["cached"] > 0, result.work


def _stored(cache) -> int:
    """Finished extractions in the cache (a build writes them 2000 at a time)."""
    import sqlite3

    try:
        with sqlite3.connect(cache) as db:
            return db.execute("SELECT count(*) FROM outcome").fetchone()[0]
    except sqlite3.Error:
        return -1
