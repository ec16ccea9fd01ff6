"""`souk eval recs`: next-item recommendation on per-user sequences (S3-Rec / ICLRec protocol).

For each user the last item is the test target and the second last the validation target; the
model is trained on everything before the target (for the test, the validation item is history).
All items are ranked, the user's own history is masked, and a tie counts against the target
(its rank is the number of other items scoring at least as high), so a model that scores
nothing cannot look good.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from souk.errors import SoukError
from souk.recommend.base import RecRequest, RequestKind
from souk.recommend.blender import Blender, default_models
from souk.recommend.data import InteractionData

CUTOFFS = (10, 20)


@dataclass(frozen=True)
class RecsReport:
    split: str
    users: int
    items: int
    metrics: dict[str, float]
    seconds: float

    def to_dict(self) -> dict[str, object]:
        return {
            "split": self.split,
            "users": self.users,
            "items": self.items,
            **{name: round(value, 4) for name, value in self.metrics.items()},
            "seconds": round(self.seconds, 1),
        }


def read_sequences(path: Path) -> dict[str, list[str]]:
    """``user item1 item2 ...`` per line, items in time order; names the line of any error."""
    if not path.exists():
        raise SoukError(f"Sequence file {path} does not exist.", "invalid_sequences")
    sequences: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) < 2:
                raise SoukError(
                    f"{path}:{number}: expected `user_id item1 item2 ...`, got only {parts[0]!r}.",
                    "invalid_sequences",
                )
            if parts[0] in sequences:
                raise SoukError(
                    f"{path}:{number}: user {parts[0]!r} appears twice (one line per user).",
                    "invalid_sequences",
                )
            sequences[parts[0]] = parts[1:]
    if not sequences:
        raise SoukError(f"{path} holds no sequences.", "invalid_sequences")
    return sequences


def evaluate_sequences(
    sequences: Mapping[str, Sequence[str]],
    *,
    split: str = "test",
    blender_factory: Callable[[], Blender] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RecsReport:
    """Train on each user's history before the target, rank all items for every user."""
    if split not in ("test", "valid"):
        raise SoukError("`split` must be `test` or `valid`.", "invalid_split")
    started = time.perf_counter()
    cut = 1 if split == "test" else 2
    catalog = list(dict.fromkeys(item for seq in sequences.values() for item in seq))
    history = {user: list(seq[:-cut]) for user, seq in sequences.items() if len(seq) > cut}
    targets = {user: sequences[user][-cut] for user in history}
    data = InteractionData.from_sequences(history, catalog=catalog)
    blender = (blender_factory or (lambda: Blender(default_models())))().fit(data)
    ranks = list(_ranks(blender, data, history, targets, progress))
    metrics = _metrics(np.asarray(ranks, np.int64))
    return RecsReport(split, len(ranks), data.n_items, metrics, time.perf_counter() - started)


def _ranks(
    blender: Blender,
    data: InteractionData,
    history: Mapping[str, Sequence[str]],
    targets: Mapping[str, str],
    progress: Callable[[int, int], None] | None,
) -> Iterator[int]:
    total = len(history)
    for done, (user, items) in enumerate(history.items(), start=1):
        seen = np.asarray([data.item_index[i] for i in items], np.int64)
        target = data.item_index[targets[user]]
        request = RecRequest(
            RequestKind.FOR_USER, tuple(int(i) for i in seen), data.user_index[user]
        )
        blended = blender.blend(request)
        if blended is None:
            yield data.n_items
            continue
        scores = blended[0].astype(np.float64)
        scores[seen] = -np.inf
        # a target bought before is masked like all history: it counts as a miss
        yield (
            data.n_items
            if np.isneginf(scores[target])
            else int((scores >= scores[target]).sum()) - 1
        )
        if progress is not None and (done % 1000 == 0 or done == total):
            progress(done, total)


def _metrics(ranks: np.ndarray) -> dict[str, float]:
    out: dict[str, float] = {}
    for k in CUTOFFS:
        hit = ranks < k
        out[f"HR@{k}"] = float(hit.mean()) if len(ranks) else 0.0
        gains = np.where(hit, 1.0 / np.log2(ranks + 2.0), 0.0)
        out[f"NDCG@{k}"] = float(gains.mean()) if len(ranks) else 0.0
    return out
