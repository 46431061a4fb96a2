"""Memory and CPU of a process tree: the stage's process and every worker it starts, sampled
from Linux's /proc every 100 ms, next to ``getrusage``'s high-water marks."""

from __future__ import annotations

import os
import resource
import threading
from pathlib import Path

SAMPLE_SECONDS = 0.1
MB = 1e6

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _processes() -> dict[int, tuple[int, int, int]]:
    """pid -> (ppid, resident bytes, CPU ticks used) of every process (Linux /proc)."""
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()  # fields[0] is stat field 3
        except (OSError, IndexError):
            continue  # the process ended while we looked
        found[int(entry.name)] = (int(fields[1]), int(fields[21]) * PAGE,
                                  int(fields[11]) + int(fields[12]))  # ppid, rss, utime+stime
    return found


def _tree(processes: dict[int, tuple[int, int, int]], root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in processes.items():
        children.setdefault(ppid, []).append(pid)
    tree, todo = [], [root]
    while todo:
        tree.append(pid := todo.pop())
        todo.extend(children.get(pid, ()))
    return tree


def machine_busy_s() -> float:
    """CPU seconds the whole machine has spent busy since boot (user, nice, system, irq)."""
    with open("/proc/stat", encoding="ascii") as f:
        user, nice, system, _idle, _iowait, irq, softirq = map(int, f.readline().split()[1:8])
    return (user + nice + system + irq + softirq) / TICK


class TreeSampler:
    """Samples this process's tree every 100 ms in a thread: the highest total RSS seen, and
    the CPU time each process had used when last seen (workers of a forkserver included,
    which ``getrusage`` never sees)."""

    def __init__(self) -> None:
        self.available = Path("/proc/self/stat").exists()
        self.peak = 0
        self._cpu: dict[int, int] = {}
        self._start: dict[int, int] = {}
        self._busy = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        processes = _processes()
        tree = _tree(processes, os.getpid())
        self.peak = max(self.peak, sum(processes[p][1] for p in tree if p in processes))
        self._cpu.update((p, processes[p][2]) for p in tree if p in processes)

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_SECONDS):
            self._sample()

    def __enter__(self) -> TreeSampler:
        if self.available:
            self._busy = machine_busy_s()
            self._sample()
            self._start = dict(self._cpu)  # count only what is used from here on
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.available:
            self._stop.set()
            self._thread.join()
            self._sample()
            self._busy = machine_busy_s() - self._busy

    def figures(self) -> dict[str, float | None]:
        """Peak tree RSS (MB), the tree's CPU seconds, and CPU seconds of the whole machine."""
        if not self.available:
            return {"tree_mb": None, "cpu_s": None, "machine_cpu_s": None}
        cpu = sum(t - self._start.get(p, 0) for p, t in self._cpu.items()) / TICK
        return {"tree_mb": self.peak / MB, "cpu_s": cpu, "machine_cpu_s": self._busy}


def peak_rss_mb() -> dict[str, float]:
    """High-water marks of this process and of its largest reaped child, in MB."""
    self_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # Linux reports KiB
    child_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"peak_mb": max(self_kib, child_kib) * 1024 / MB, "self_mb": self_kib * 1024 / MB,
            "children_mb": child_kib * 1024 / MB}
