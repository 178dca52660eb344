"""Run the web API's jobs in worker processes, each under a hard time limit.

A simulation is compiled code that cannot be interrupted from Python, so a request that runs past
:attr:`Limits.timeout_s <myokinetics.web.limits.Limits.timeout_s>` is stopped by ending its worker
process (``multiprocessing.Pool.terminate``); a fresh worker replaces it.  Workers are started with
``spawn`` (a fork of a server with threads is not safe), build the model once and keep it; the time
to start a worker and load the model (a first run compiles the kernel: minutes) is not counted
against the limit.  With ``workers`` slots, at most that many jobs run at once; a request that finds
no free slot within ``wait_s`` is refused as busy (HTTP 503).
"""
from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
from typing import Any, Mapping

from myokinetics.web import jobs
from myokinetics.web.limits import Limits

__all__ = ["Runner", "RunTimeout", "Busy", "JobFailed"]

log = logging.getLogger("myokinetics.web")
#: Longest wait for a worker to start and load the model (a cold kernel compile takes minutes).
START_TIMEOUT_S = 30 * 60.0


class RunTimeout(Exception):
    """A job ran past the time limit (its worker was ended)."""


class Busy(Exception):
    """No worker became free in time."""


class JobFailed(Exception):
    """A job raised something other than an input error: a bug (the message is one line)."""


class _Worker:
    def __init__(self, ctx):
        self.pool = ctx.Pool(processes=1)
        log.info("starting a simulation worker (loading the model; a first run compiles it, which takes minutes)")
        self.alive = True
        try:
            self.values_per_time = self.pool.apply_async(jobs.warm).get(START_TIMEOUT_S)
        except BaseException:
            self.close()
            raise

    def close(self):
        self.alive = False
        self.pool.terminate()
        self.pool.join()


class Runner:
    """``workers`` worker processes; :meth:`call` runs one job in a free one."""

    def __init__(self, limits: Limits, workers: int = 1, wait_s: float | None = None):
        if not isinstance(workers, int) or workers < 1:
            raise ValueError(f"workers must be a whole number >= 1, got {workers!r}")
        self.limits = limits
        self.wait_s = limits.timeout_s if wait_s is None else wait_s
        self._ctx = multiprocessing.get_context("spawn")
        self._free: queue.Queue = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._starting = 0
        for _ in range(workers):
            self._free.put(None)            # started on first use (or by warm())

    def _start(self) -> _Worker:
        with self._lock:
            self._starting += 1
        try:
            w = _Worker(self._ctx)
        finally:
            with self._lock:
                self._starting -= 1
        with self._lock:
            self._all.append(w)
        return w

    def _drop(self, w: _Worker) -> None:
        with self._lock:
            if w in self._all:
                self._all.remove(w)
        w.close()

    def warm(self) -> None:
        """Start every worker now (in the calling thread), so the first request does not wait for the model."""
        got = []
        while True:
            try:
                got.append(self._free.get_nowait())
            except queue.Empty:
                break
        try:
            got = [w if w is not None and w.alive else self._start() for w in got]
        finally:
            for w in got:
                self._free.put(w)

    def call(self, kind: str, payload: Mapping[str, Any]):
        """Run job ``kind`` (see :data:`myokinetics.web.jobs.JOBS`); returns ``("ok", result)`` or
        ``("error", status, message)``; raises :class:`RunTimeout`, :class:`Busy` or :class:`JobFailed`."""
        wait = max(self.wait_s, START_TIMEOUT_S if self._starting else 0.0)     # a worker loading the model
        try:
            w = self._free.get(timeout=wait)
        except queue.Empty:
            raise Busy(f"every simulation worker is busy (waited {wait:g} s)") from None
        try:
            if w is None or not w.alive:
                w = self._start()
            res = w.pool.apply_async(jobs.run, (kind, dict(payload), self.limits))
            try:
                out = res.get(self.limits.timeout_s)
            except multiprocessing.TimeoutError:
                log.warning("a %s job ran past %g s; ending its worker", kind, self.limits.timeout_s)
                self._drop(w)
                w = None
                raise RunTimeout(self.limits.timeout_s) from None
        except BaseException:
            self._free.put(w)
            raise
        self._free.put(w)
        if out[0] == "bug":
            log.error("a %s job failed: %s\n%s", kind, out[1], out[2])
            raise JobFailed(out[1])
        return out

    def close(self) -> None:
        """End every worker (a later call starts a fresh one)."""
        with self._lock:
            workers, self._all = list(self._all), []
        for w in workers:
            w.close()
