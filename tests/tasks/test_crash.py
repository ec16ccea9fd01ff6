"""Crash safety: ``kill -9`` of the process applying a run of document tasks, then restart.

Each trial loads a base catalog, enqueues a run of batches of one kind of write (additions of
new documents, deletions of existing ones, or partial updates of existing ones, consecutive
batches overlapping so that "latest" matters), lets a separate process apply them, and kills it
at a random (seeded, printed) point: after a random number of batches, a random fraction into
one of two windows of the next batch. ``handler``: the task is running (reading, merging, its
store transaction). ``index``: its store transaction has committed and the derived index is
being updated (the restart has to catch the index up from the store). After the restart:

- every succeeded task's documents are in the store and searchable with their latest content,
  and nothing of an unfinished task is visible (the store equals the succeeded prefix applied);
- the lexical index holds exactly the store's documents (ids and count);
- the interrupted task is re-queued and run again, never half-applied: once the queue has
  drained, the state is every task applied, once, in order.

``SOUK_CRASH_SEED`` changes the kill points (the seed is printed with each trial's).
"""

from __future__ import annotations

import itertools
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from souk.config import Settings
from souk.demo.products import generate_products
from souk.engine import Engine
from souk.store.store import Store
from souk.store.task_records import Task, TaskStatus
from tests.conftest import make_settings

SEED = int(os.environ.get("SOUK_CRASH_SEED", "14"))
INDEX = "shop"
#: the process that applies the tasks, as `souk ingest` does after enqueueing its batches
WORKER = (
    "import sys\n"
    "from souk.engine import Engine\n"
    "with Engine() as engine:\n"
    "    engine.wait_for_task(int(sys.argv[1]), timeout=300)\n"
)

#: document id -> its ``rev`` (the number of the batch that last wrote it; 0 = the base)
State = dict[str, int]


@dataclass(frozen=True)
class Trial:
    """One kind of write: a base catalog, then ``batches`` tasks of ``batch`` documents."""

    kind: str
    #: where the kill lands: ``handler`` (the task is running: parsing, merging, its store
    #: transaction) or ``index`` (its transaction has committed, the derived index is being
    #: updated: after the restart it is caught up from the store)
    window: str
    base: int
    batches: int
    batch: int

    def plan(self, rng: random.Random) -> list[Callable[[Engine, State], tuple[Task, State]]]:
        """The batches, in order; each enqueues its task and gives the state it leads to."""
        if self.kind == "add":
            return [self._add(n) for n in range(1, self.batches + 1)]
        ids = [f"p{i:06d}" for i in range(1, self.base + 1)]
        if self.kind == "delete":
            rng.shuffle(ids)
            return [
                self._delete(ids[(n - 1) * self.batch : n * self.batch])
                for n in range(1, self.batches + 1)
            ]
        # updates: each batch overlaps the previous one by half, so a document's latest
        # content is the later batch's
        step = self.batch // 2
        return [
            self._update(n, ids[(n - 1) * step : (n - 1) * step + self.batch])
            for n in range(1, self.batches + 1)
        ]

    def _add(self, n: int) -> Callable[[Engine, State], tuple[Task, State]]:
        first = self.base + (n - 1) * self.batch
        docs = [
            {**p, "id": f"p{first + i + 1:06d}", "rev": n}
            for i, p in enumerate(generate_products(self.batch, seed=100 + n))
        ]

        def enqueue(engine: Engine, state: State) -> tuple[Task, State]:
            task = engine.add_documents(INDEX, docs)
            return task, {**state, **{d["id"]: n for d in docs}}

        return enqueue

    def _delete(self, ids: list[str]) -> Callable[[Engine, State], tuple[Task, State]]:
        gone = set(ids)

        def enqueue(engine: Engine, state: State) -> tuple[Task, State]:
            task = engine.delete_documents(INDEX, ids)
            return task, {k: v for k, v in state.items() if k not in gone}

        return enqueue

    def _update(self, n: int, ids: list[str]) -> Callable[[Engine, State], tuple[Task, State]]:
        docs = [{"id": doc_id, "rev": n, "color": f"shade-{n}"} for doc_id in ids]

        def enqueue(engine: Engine, state: State) -> tuple[Task, State]:
            task = engine.add_documents(INDEX, docs, update=True)
            return task, {**state, **dict.fromkeys(ids, n)}

        return enqueue


TRIALS = [
    Trial("add", "index", base=0, batches=12, batch=300),
    Trial("delete", "handler", base=4000, batches=10, batch=350),
    Trial("delete", "index", base=4000, batches=10, batch=350),
    Trial("update", "handler", base=3000, batches=10, batch=500),
    Trial("update", "index", base=3000, batches=10, batch=500),
]


def _prepare(
    settings: Settings, trial: Trial, rng: random.Random
) -> tuple[list[Task], list[State]]:
    """The index, its base catalog (applied), and the trial's batches (enqueued, not applied).

    Returns the tasks and the state after each prefix of them (``states[k]``: k succeeded).
    """
    with Engine(settings) as engine:
        index_settings = {
            "embedders": {},
            "filterableAttributes": ["color", "rev"],
            "pagination": {"maxTotalHits": 100_000},
        }
        engine.wait_for_task(engine.create_index(INDEX, "id", index_settings).uid)
        state: State = {}
        if trial.base:
            base = [{**p, "rev": 0} for p in generate_products(trial.base, seed=3)]
            engine.wait_for_task(engine.add_documents(INDEX, base).uid, timeout=300)
            state = dict.fromkeys((str(p["id"]) for p in base), 0)
        tasks: list[Task] = []
        states = [state]
        for enqueue in trial.plan(rng):
            task, state = enqueue(engine, state)
            tasks.append(task)
            states.append(state)
    return tasks, states


def _kill_in_window(
    settings: Settings, tasks: list[Task], trial: Trial, after: int, rng: random.Random
) -> str:
    """Start the worker process and ``kill -9`` it inside ``trial.window`` of a task that runs
    once ``after`` tasks have succeeded, a random fraction into that window.

    The process is frozen (SIGSTOP) before the kill so the tasks' statuses can be read at the
    exact point it will die: if that is not the window aimed at (the task was quicker than
    expected), it is thawed and the next task is tried. Returns where the kill landed.
    """
    env = {**os.environ, "SOUK_DATA_DIR": str(settings.data_dir), "SOUK_WRITER_HEAP_MB": "32"}
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(tasks[-1].uid)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    store = Store(settings.sqlalchemy_url)
    deadline = time.monotonic() + 120

    def statuses() -> list[Task]:
        found = {t.uid: t for t in store.list_tasks(uids=[t.uid for t in tasks], limit=len(tasks))}
        return [found[t.uid] for t in tasks]

    def status(uid: int) -> TaskStatus:
        task = store.get_task(uid)
        assert task is not None
        return task.status

    def wait(until: Callable[[], bool], poll: float = 0.001) -> None:
        while not until():
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "the worker made no progress"
            time.sleep(poll)

    try:
        wait(lambda: _succeeded(statuses()) >= after, poll=0.02)
        for attempt in range(1, len(tasks)):
            current = statuses()
            done = _succeeded(current)
            assert done < len(tasks) - 1, f"no kill landed in the {trial.window} window"
            handler, index = _phases(current[1:done])
            target = tasks[done].uid
            if trial.window == "handler":  # wait for the next task to start
                wait(lambda uid=target: status(uid) != TaskStatus.ENQUEUED)  # type: ignore[misc]
                span = handler
            else:  # wait for the next task's store transaction to commit
                wait(lambda uid=target: status(uid) == TaskStatus.SUCCEEDED)  # type: ignore[misc]
                span = index
            fraction = rng.uniform(0.0, 0.6)
            time.sleep(fraction * span)
            os.kill(proc.pid, signal.SIGSTOP)
            frozen = statuses()
            running = [i + 1 for i, t in enumerate(frozen) if t.status == TaskStatus.PROCESSING]
            # in the handler window a task is left processing; in the index window none is
            if bool(running) == (trial.window == "handler"):
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
                number = running[0] if running else _succeeded(frozen)
                where = "in its handler" if running else "after its store transaction"
                return (
                    f"{fraction:.2f} into the {trial.window} window of task #{number} "
                    f"({where}, attempt {attempt})"
                )
            os.kill(proc.pid, signal.SIGCONT)
        raise AssertionError(f"no kill landed in the {trial.window} window")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        store.close()


def _succeeded(tasks: list[Task]) -> int:
    return sum(t.status == TaskStatus.SUCCEEDED for t in tasks)


def _phases(finished: list[Task]) -> tuple[float, float]:
    """Mean seconds a task spends in its handler (to its store commit) and then updating the
    derived index (to the next task's commit), from tasks that have finished."""
    handler = [t.duration_seconds or 0.0 for t in finished]
    ends = [t.finished_at for t in finished if t.finished_at is not None]
    cycles = [(b - a).total_seconds() for a, b in itertools.pairwise(ends)]
    mean_handler = sum(handler) / max(1, len(handler))
    return mean_handler, max(0.0, sum(cycles) / max(1, len(cycles)) - mean_handler)


def _assert_state(engine: Engine, expected: State, unseen: set[int]) -> None:
    """Store, lexical index and search all hold exactly ``expected`` (id -> latest rev), and
    no document carries a rev in ``unseen`` (written only by unfinished tasks)."""
    stored = engine.store.get_documents(INDEX, sorted(set(engine.store.all_doc_ids(INDEX))))
    assert set(stored) == set(expected), "the store holds the succeeded batches, nothing else"
    wrong = {k: d.body.get("rev") for k, d in stored.items() if d.body.get("rev") != expected[k]}
    assert not wrong, f"stored documents with other than their latest content: {wrong}"

    runtime = engine.runtime(INDEX)
    iids = runtime.lexical.all_iids()
    indexed = {d.doc_id for d in engine.store.get_documents_by_iid(INDEX, iids).values()}
    assert runtime.lexical.num_docs() == len(expected) == len(iids)
    assert indexed == set(expected), "the lexical index holds exactly the store's documents"

    hits = engine.search(INDEX, filter="color EXISTS", limit=0)["estimatedTotalHits"]
    assert hits == len(expected)
    for rev in sorted(set(expected.values()) | unseen):
        want = {k for k, v in expected.items() if v == rev}
        found = engine.search(
            INDEX, filter=f"rev = {rev}", limit=len(want) + 1, attributesToRetrieve=["id"]
        )["hits"]
        assert {h["id"] for h in found} == want, f"search by rev = {rev}"


@pytest.mark.slow
@pytest.mark.parametrize("trial", TRIALS, ids=[f"{t.kind}-{t.window}" for t in TRIALS])
def test_kill_minus_nine_mid_batch(tmp_path: Path, trial: Trial) -> None:
    rng = random.Random(f"{SEED}-{trial.kind}-{trial.window}")
    after = rng.randrange(2, trial.batches - 3)
    settings = make_settings(tmp_path)
    tasks, states = _prepare(settings, trial, rng)
    landed = _kill_in_window(settings, tasks, trial, after, rng)
    print(f"crash trial {trial.kind}-{trial.window} (SOUK_CRASH_SEED={SEED}): {landed}")

    with Engine(settings) as engine:
        current = [engine.get_task(t.uid) for t in tasks]
        succeeded = [t for t in current if t.status == TaskStatus.SUCCEEDED]
        interrupted = [t.uid for t in current if t.status == TaskStatus.PROCESSING]
        assert all(t.status != TaskStatus.FAILED for t in current)
        assert len(interrupted) == (1 if trial.window == "handler" else 0)
        # tasks run in order: the succeeded ones are a prefix, and the kill landed mid-run
        assert current[: len(succeeded)] == succeeded
        assert after <= len(succeeded) < len(tasks)
        unseen = set(range(len(succeeded) + 1, len(tasks) + 1)) if trial.kind != "delete" else set()
        _assert_state(engine, states[len(succeeded)], unseen)

        # the interrupted task is re-queued and runs again with the rest: every task applied
        # once, in order, none half-applied
        engine.wait_for_task(tasks[-1].uid, timeout=300)
        finished = [engine.get_task(t.uid) for t in tasks]
        failed = {t.uid: t.error for t in finished if t.status != TaskStatus.SUCCEEDED}
        assert not failed, f"tasks that did not succeed after the restart: {failed}"
        _assert_state(engine, states[-1], set())
