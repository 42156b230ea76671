"""Where scan shards run: inline, in a local pool of processes, or on a Dask cluster; one small interface."""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from privacy_inventory.errors import InventoryError
from privacy_inventory.masking import mask_url, scrub

log = logging.getLogger(__name__)
EXECUTORS = ("local", "dask")
DASK_CONNECT_TIMEOUT_S = 15.0
AUTO = "auto"  # --jobs auto: one job per core for a source big enough to pay for worker processes
AUTO_MAX_JOBS = 4  # every worker holds its shard's tables: more than this would press memory at 10,000 tables
AUTO_MIN_COLUMNS = 5000  # measured on 2 cores: workers lose at 2,000 columns, break even at 5,000, win at 20,000


@dataclass(frozen=True)
class FanOut:
    """How to spread a scan: `jobs` at once, on which executor, split into which shards."""

    jobs: int | str = 1  # or AUTO (the command line's default)
    executor: str = "local"  # local (a pool of processes when jobs > 1) | dask
    scheduler: str | None = None  # Dask scheduler address, e.g. tcp://host:8786
    shard_by: str = "auto"  # auto | source | schema | tables


class Pending(Protocol):
    """A submitted shard: concurrent.futures.Future, distributed.Future or an already-run call."""

    def result(self) -> Any: ...


class ShardRunner(Protocol):
    """Runs top-level functions on shards; `key` names the task (never a URL)."""

    slots: int
    inline: bool  # runs in this process: keep the scan's own progress bars
    private_args: bool  # every call gets its own unpickled copy of its arguments (a local process pool)

    def submit(self, fn: Callable[..., Any], *args: Any, key: str) -> Pending: ...

    def plan(self, fn: Callable[..., Any], *args: Any, key: str) -> Pending: ...  # a source's structure and roles

    def close(self) -> None: ...


class _Done:
    """A call already made in this process, kept as a result or an exception until asked for."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self._value: Any = None
        self._error: BaseException | None = None
        try:
            self._value = fn(*args)
        except Exception as exc:  # noqa: BLE001 - re-raised by result(), like a pool's future
            self._error = exc

    def result(self) -> Any:
        if self._error is not None:
            raise self._error
        return self._value


class InlineRunner:
    """One shard after the other in this process: the default, with the scan's own progress bars."""

    slots = 1
    inline = True
    private_args = False

    def submit(self, fn: Callable[..., Any], *args: Any, key: str) -> Pending:
        return _Done(fn, args)

    def plan(self, fn: Callable[..., Any], *args: Any, key: str) -> Pending:
        return _Done(fn, args)

    def close(self) -> None:
        return None


class PoolRunner:
    """A bounded pool of local processes: classification is CPU-bound Python, so threads would queue on the GIL."""

    inline = False
    private_args = True

    def __init__(self, jobs: int, forked: bool = False) -> None:
        """`forked`: workers are forks of this process, which has planned already (--jobs auto on Linux, see fork_ok)."""
        self.slots = jobs
        method = "fork" if forked and fork_ok() else "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        if method == "forkserver":
            context.set_forkserver_preload(PRELOAD)  # imported once, not once per worker
        self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_start)
        self._starting = threading.Thread(target=self._start_workers, name="privacy-inventory-workers", daemon=True)
        if method != "fork":  # workers start (the fork server imports the package first) while this process plans
            self._starting.start()

    def _start_workers(self) -> None:
        try:
            for _ in range(self.slots):
                self._pool.submit(_ready)
        except Exception:  # noqa: BLE001 - closed before its workers were up, or they cannot start: the shards' own submits say so
            log.debug("scan workers not started ahead", exc_info=True)

    def submit(self, fn: Callable[..., Any], *args: Any, key: str) -> Pending:
        return self._pool.submit(fn, *args)

    def plan(self, fn: Callable[..., Any], *args: Any, key: str) -> Pending:
        """A source's plan is made here, on the same machine, while the workers start."""
        return _Done(fn, args)

    def close(self) -> None:
        if self._starting.is_alive():
            self._starting.join()
        self._pool.shutdown(wait=True, cancel_futures=True)


# Modules the fork server imports before forking workers: the scan, and the package's knowledge compiled once.
PRELOAD = ["privacy_inventory.scan.shards", "privacy_inventory.scan.preload"]


def _worker_start() -> None:
    """Each worker sets aside what it was born with (package, knowledge, plan): the garbage collector then never
    walks those objects again (a worker's full collections cost about 0.2 s at 1,000 tables, 0.05 s with this)."""
    gc.freeze()


def _ready() -> None:
    """A first task for each worker, so that all of them are started at once."""
    return None


class DaskRunner:
    """Shards as tasks on an existing Dask distributed cluster (workers need this package installed)."""

    inline = False
    private_args = False  # a worker in the client's own process may be handed the very objects

    def __init__(self, address: str, jobs: int = 1, timeout_s: float = DASK_CONNECT_TIMEOUT_S) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise InventoryError("dask", "the 'distributed' package is not installed; pip install the project's pinned dask and distributed") from None
        shown = mask_url(address)
        _check_address(address, shown)
        try:
            self._client = Client(address, timeout=timeout_s, set_as_default=False)
        except Exception as exc:  # noqa: BLE001 - refused, timed out, or an address distributed cannot parse
            raise InventoryError("dask", f"cannot reach the Dask scheduler at {shown} ({_reason(exc)})") from None
        try:
            self._client.wait_for_workers(1, timeout=timeout_s)
            versions = self._client.run(_package_version)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise InventoryError("dask", f"the Dask scheduler at {shown} has no worker ready ({_reason(exc)})") from None
        except Exception as exc:  # noqa: BLE001 - a worker without the package fails to unpickle the probe
            self.close()
            raise InventoryError("dask", f"a Dask worker cannot run the scan ({type(exc).__name__}); install privacy-inventory on every worker") from None
        ours = _package_version()
        odd = sorted(w for w, v in versions.items() if v != ours)
        if odd:
            self.close()
            raise InventoryError("dask", f"{len(odd)} Dask worker(s) run another privacy-inventory version than {ours}; install the same version everywhere")
        self.slots = max(jobs, sum(self._client.nthreads().values()))
        self._run = os.urandom(4).hex()
        log.info("dask: %d worker thread(s) at %s", self.slots, shown)

    def submit(self, fn: Callable[..., Any], *args: Any, key: str) -> Pending:
        return self._client.submit(fn, *args, key=f"privacy-inventory-{key}-{self._run}", pure=False, retries=0)

    def plan(self, fn: Callable[..., Any], *args: Any, key: str) -> Pending:
        """On a cluster the plan is a task too: only the workers may reach the databases."""
        return self.submit(fn, *args, key=key)

    def close(self) -> None:
        self._client.close()


def _check_address(address: str, shown: str) -> None:
    """Refuse an address distributed cannot parse before a Client is made (a half-made one hangs on exit)."""
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address)
        if scheme in ("tcp", "tls"):
            parse_host_port(location)
    except (ValueError, TypeError):  # the parser's message would repeat the raw address
        raise InventoryError("dask", f"bad scheduler address {shown}; expected e.g. tcp://host:8786") from None


def _reason(exc: BaseException) -> str:
    """An exception as a short, credential-free reason."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    return scrub(f"{type(exc).__name__}: {text}" if text else type(exc).__name__)


def _package_version() -> str:
    """Run on each Dask worker: proves the package imports there, and which version it is."""
    from privacy_inventory import __version__

    return __version__


def fork_ok() -> bool:
    """Workers may be plain forks: Linux, and no other thread in this process (a fork copies no thread but its
    caller, so a lock another thread held would stay held in the child). Forks start at once and share the
    package, its compiled knowledge and the plan with this process instead of importing them again."""
    return sys.platform.startswith("linux") and threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def auto_jobs(columns: int) -> int:
    """Jobs for --jobs auto: one per usable core (at most AUTO_MAX_JOBS) when there are enough columns, else 1."""
    return max(1, min(AUTO_MAX_JOBS, usable_cores())) if columns >= AUTO_MIN_COLUMNS else 1


def open_runner(fanout: FanOut, planned: bool = False) -> InlineRunner | PoolRunner | DaskRunner:
    """The runner a FanOut asks for; bad combinations are bad input, one line. `planned`: the sources are planned already."""
    if fanout.executor not in EXECUTORS:
        raise InventoryError("executor", f"unknown executor {fanout.executor!r}; choose one of {', '.join(EXECUTORS)}")
    if not isinstance(fanout.jobs, int) or fanout.jobs < 1:
        raise InventoryError("jobs", f"must be at least 1, not {fanout.jobs}")
    if fanout.executor == "dask":
        if not fanout.scheduler:
            raise InventoryError("dask", "--executor dask needs --scheduler ADDRESS (e.g. tcp://host:8786)")
        return DaskRunner(fanout.scheduler, fanout.jobs)
    if fanout.scheduler:
        raise InventoryError("scheduler", "--scheduler is only used with --executor dask")
    if fanout.jobs == 1:
        return InlineRunner()
    return PoolRunner(fanout.jobs, forked=planned)
