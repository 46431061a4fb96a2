"""Faults while building: disk full, a worker killed, Ctrl-C. Each gives one clear line,
publishes nothing half-written, and the next build works."""

import hashlib
import os
import resource
import signal
import subprocess
import sys
import time

import pytest

from newspack.build import build
from newspack.cli import main
from newspack.config import Config
from newspack.engines.local import IN_PROCESS_BELOW
from newspack.store import versions

ARTICLE = ("Tittel nummer {n}\n\nDette er artikkel nummer {n} om været i Bergen, der det har "
           "regnet i {n} dager på rad, sier meteorologen til avisen i dag.\n")


def _ctrl_c_as_at_a_terminal() -> None:
    """In the child: Ctrl-C with its default action, as a user's shell gives it. A child
    inherits an ignored SIGINT, and Python then keeps it ignored: the suite's process may
    have it so after earlier tests (the Ctrl-C test then saw a build that never stopped)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _cli(args, tmp_path, **kw):
    return subprocess.Popen([sys.executable, "-m", "newspack.cli", *args], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def _shas(vdir):
    return {p.relative_to(vdir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(vdir.rglob("*")) if p.is_file()}


@pytest.fixture
def published(corpus, tmp_path):
    out = tmp_path / "d"
    build([str(corpus)], out, Config(), progress=False)
    return corpus, out, _shas(out / "versions/1.0.0")


def _after(out, before, corpus):
    assert _shas(out / "versions/1.0.0") == before
    assert versions.version_dirs(out) == ["1.0.0"]
    assert main(["validate", str(out)]) == 0
    result = build([str(corpus)], out, Config(), progress=False)  # the next build works
    assert result.version == "1.1.0"


def test_disk_full_is_one_line_and_publishes_nothing(published, tmp_path):
    corpus, out, before = published
    (corpus / "extra.txt").write_text("".join(ARTICLE.format(n=n) for n in range(1500)))

    def small_files():  # every file this process writes stops at 64 KiB
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    proc = _cli(["build", str(corpus), "--out", str(out), "--no-progress"], tmp_path,
                preexec_fn=small_files)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "File too large" in lines[0] and "untouched" in lines[0]
    _after(out, before, corpus)


def test_a_killed_worker_fails_the_build_with_a_clear_line(published, tmp_path):
    corpus, out, before = published
    for n in range(IN_PROCESS_BELOW + 50):  # enough documents to use the worker pool
        (corpus / f"n{n:04d}.txt").write_text(ARTICLE.format(n=n))
    env = {**os.environ, "NEWSPACK_KILL_AT": "worker"}
    proc = _cli(["build", str(corpus), "--out", str(out), "--no-progress", "--workers", "2"],
                tmp_path, env=env)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 1
    assert "a worker process died" in err and "Traceback" not in err
    _after(out, before, corpus)


def test_ctrl_c_stops_cleanly(published, tmp_path):
    corpus, out, before = published
    for n in range(3000):
        (corpus / f"n{n:04d}.txt").write_text(ARTICLE.format(n=n) * 3)
    proc = _cli(["build", str(corpus), "--out", str(out), "--no-progress", "--workers", "2"],
                tmp_path, preexec_fn=_ctrl_c_as_at_a_terminal)
    deadline = time.monotonic() + 120
    while not (out / ".staging" / "spool.arrow").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert "interrupted; published versions are untouched" in err
    assert "Traceback" not in err, err
    _after(out, before, corpus)


def test_a_lost_ctrl_c_still_stops_the_build_at_its_next_checkpoint():
    """Python drops an exception raised while a finalizer runs: a Ctrl-C landing there was
    lost, and the build went on to publish. The next checkpoint raises it again."""
    from newspack import faults

    before = signal.signal(signal.SIGINT, signal.default_int_handler)  # whatever ran before
    with faults.interrupts_kept():
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)  # the handler runs here
        except KeyboardInterrupt:
            pass  # as if a finalizer had swallowed it
        with pytest.raises(KeyboardInterrupt):
            faults.checkpoint("extract")
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    faults.checkpoint("extract")  # outside a build: nothing remembered
    signal.signal(signal.SIGINT, before)
