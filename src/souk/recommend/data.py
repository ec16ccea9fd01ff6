"""What the recommenders learn from: interactions over one item space, in time order.

Items are the catalog's products (so content similarity covers products nobody has touched yet)
plus any product id seen only in events. Every model addresses items by a dense index.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from souk.events.model import EVENT_WEIGHTS, Event, EventType

_KINDS = (
    EventType.VIEW,
    EventType.CLICK,
    EventType.ADD_TO_CART,
    EventType.PURCHASE,
)
KIND_CODES: dict[EventType, int] = {kind: code for code, kind in enumerate(_KINDS)}


@dataclass
class InteractionData:
    """Product interactions as parallel arrays, sorted by (actor, time)."""

    items: list[str]
    users: list[str]
    sessions: list[str]
    user: np.ndarray  # int32, index into users
    session: np.ndarray  # int32, index into sessions
    item: np.ndarray  # int32, index into items
    kind: np.ndarray  # int8, KIND_CODES
    weight: np.ndarray  # float32, EVENT_WEIGHTS
    ts: np.ndarray  # float64, epoch seconds (or positions for plain sequences)
    categories: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # item → cat, -1
    category_names: list[str] = field(default_factory=list)
    vectors: np.ndarray | None = None  # item → unit vector (rows of zeros when unknown)
    has_time: bool = True
    item_index: dict[str, int] = field(init=False)
    user_index: dict[str, int] = field(init=False)
    session_index: dict[str, int] = field(init=False)
    _items_by_user: sparse.csr_matrix | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.item_index = {item: n for n, item in enumerate(self.items)}
        self.user_index = {user: n for n, user in enumerate(self.users)}
        self.session_index = {s: n for n, s in enumerate(self.sessions)}
        if len(self.categories) != len(self.items):
            self.categories = np.full(len(self.items), -1, np.int32)

    @property
    def n_items(self) -> int:
        return len(self.items)

    @property
    def now(self) -> float:
        return float(self.ts.max()) if len(self.ts) else 0.0

    def user_items(self, kinds: Sequence[EventType] | None = None) -> sparse.csr_matrix:
        """Users × items, summed event weights."""
        mask = self._mask(kinds)
        return sparse.csr_matrix(
            (self.weight[mask], (self.user[mask], self.item[mask])),
            shape=(len(self.users), self.n_items),
            dtype=np.float32,
        )

    def sequences(
        self, by: str = "user", kinds: Sequence[EventType] | None = None
    ) -> list[np.ndarray]:
        """Item sequences per user (or session) in time order, consecutive repeats collapsed."""
        return list(self.sequences_of(None, by=by, kinds=kinds).values())

    def sequences_of(
        self,
        owners: np.ndarray | None,
        by: str = "user",
        kinds: Sequence[EventType] | None = None,
    ) -> dict[int, np.ndarray]:
        """Owner index → its sequence, for some owners (all when ``owners`` is None)."""
        owner = self.user if by == "user" else self.session
        mask = self._mask(kinds)
        if owners is not None:
            mask &= np.isin(owner, owners)
        order = np.lexsort((self.ts[mask], owner[mask]))
        owned, items = owner[mask][order], self.item[mask][order]
        cuts = np.flatnonzero(np.diff(owned)) + 1
        out: dict[int, np.ndarray] = {}
        for who, seq in zip(np.split(owned, cuts), np.split(items, cuts), strict=True):
            if len(seq) == 0:
                continue
            keep = np.ones(len(seq), bool)
            keep[1:] = seq[1:] != seq[:-1]
            out[int(who[0])] = seq[keep]
        return out

    def history(self, user: str) -> np.ndarray:
        """A user's items in time order (empty for an unknown user)."""
        index = self.user_index.get(user)
        if index is None:
            return np.zeros(0, np.int32)
        mask = self.user == index
        history: np.ndarray = self.item[mask][np.argsort(self.ts[mask], kind="stable")]
        return history

    def items_of_user(self, user: int) -> np.ndarray:
        """The items a user touched (unordered), from a user × item index built once: serving
        asks this per request, and masking all events each time grows with the event log."""
        if self._items_by_user is None:
            self._items_by_user = self.user_items()
        items: np.ndarray = self._items_by_user[user].indices
        return items

    def session_history(self, session: str) -> np.ndarray:
        index = self.session_index.get(session)
        if index is None:
            return np.zeros(0, np.int32)
        mask = self.session == index
        history: np.ndarray = self.item[mask][np.argsort(self.ts[mask], kind="stable")]
        return history

    def _mask(self, kinds: Sequence[EventType] | None) -> np.ndarray:
        if kinds is None:
            return np.ones(len(self.item), bool)
        return np.isin(self.kind, [KIND_CODES[k] for k in kinds])

    # -- builders ------------------------------------------------------------------------
    @classmethod
    def from_sequences(
        cls, sequences: Mapping[str, Sequence[str]], catalog: Sequence[str] = ()
    ) -> InteractionData:
        """Plain per-user item sequences (no times, no sessions): each is one purchase stream."""
        items = list(dict.fromkeys([*catalog, *(i for seq in sequences.values() for i in seq)]))
        index = {item: n for n, item in enumerate(items)}
        users = list(sequences)
        user_col: list[int] = []
        item_col: list[int] = []
        ts_col: list[int] = []
        for u, user in enumerate(users):
            seq = sequences[user]
            user_col.extend([u] * len(seq))
            item_col.extend(index[i] for i in seq)
            ts_col.extend(range(len(seq)))
        n = len(item_col)
        user_arr = np.asarray(user_col, np.int32)
        return cls(
            items=items,
            users=users,
            sessions=users,
            user=user_arr,
            session=user_arr.copy(),
            item=np.asarray(item_col, np.int32),
            kind=np.full(n, KIND_CODES[EventType.PURCHASE], np.int8),
            weight=np.full(n, EVENT_WEIGHTS[EventType.PURCHASE], np.float32),
            ts=np.asarray(ts_col, np.float64),
            has_time=False,
        )

    @classmethod
    def from_events(
        cls,
        events: Iterable[Event],
        catalog: Sequence[str] = (),
        categories: Mapping[str, str] | None = None,
    ) -> InteractionData:
        """Product events (searches are skipped); a shopper is the user id, else the session."""
        items: dict[str, int] = {item: n for n, item in enumerate(dict.fromkeys(catalog))}
        users: dict[str, int] = {}
        sessions: dict[str, int] = {}
        cols: dict[str, list[float]] = defaultdict(list)
        for e in events:
            if e.type is EventType.SEARCH or e.product_id is None:
                continue
            actor = e.user_id if e.user_id is not None else f"session:{e.session_id}"
            cols["user"].append(users.setdefault(actor, len(users)))
            cols["session"].append(sessions.setdefault(e.session_id, len(sessions)))
            cols["item"].append(items.setdefault(e.product_id, len(items)))
            cols["kind"].append(KIND_CODES[e.type])
            cols["weight"].append(EVENT_WEIGHTS[e.type])
            cols["ts"].append(e.timestamp)
        item_list = list(items)
        category_names = sorted(set((categories or {}).values()))
        category_code = {name: n for n, name in enumerate(category_names)}
        item_categories = np.asarray(
            [category_code.get((categories or {}).get(item, ""), -1) for item in item_list],
            np.int32,
        )
        return cls(
            items=item_list,
            users=list(users),
            sessions=list(sessions),
            user=np.asarray(cols["user"], np.int32),
            session=np.asarray(cols["session"], np.int32),
            item=np.asarray(cols["item"], np.int32),
            kind=np.asarray(cols["kind"], np.int8),
            weight=np.asarray(cols["weight"], np.float32),
            ts=np.asarray(cols["ts"], np.float64),
            categories=item_categories,
            category_names=category_names,
        )


def extended(
    old: InteractionData, events: Iterable[Event]
) -> tuple[InteractionData, np.ndarray, np.ndarray] | None:
    """``old`` plus new events, keeping every index of ``old``; with the users and sessions the
    new events touched. None when an event names a product ``old`` does not know (the item space
    would change: that needs a full training)."""
    users = dict(old.user_index)
    sessions = dict(old.session_index)
    cols: dict[str, list[float]] = defaultdict(list)
    for e in events:
        if e.type is EventType.SEARCH or e.product_id is None:
            continue
        item = old.item_index.get(e.product_id)
        if item is None:
            return None
        actor = e.user_id if e.user_id is not None else f"session:{e.session_id}"
        cols["user"].append(users.setdefault(actor, len(users)))
        cols["session"].append(sessions.setdefault(e.session_id, len(sessions)))
        cols["item"].append(item)
        cols["kind"].append(KIND_CODES[e.type])
        cols["weight"].append(EVENT_WEIGHTS[e.type])
        cols["ts"].append(e.timestamp)
    new_user = np.asarray(cols["user"], np.int32)
    new_session = np.asarray(cols["session"], np.int32)
    data = InteractionData(
        items=old.items,
        users=list(users),
        sessions=list(sessions),
        user=np.concatenate([old.user, new_user]),
        session=np.concatenate([old.session, new_session]),
        item=np.concatenate([old.item, np.asarray(cols["item"], np.int32)]),
        kind=np.concatenate([old.kind, np.asarray(cols["kind"], np.int8)]),
        weight=np.concatenate([old.weight, np.asarray(cols["weight"], np.float32)]),
        ts=np.concatenate([old.ts, np.asarray(cols["ts"], np.float64)]),
        categories=old.categories,
        category_names=old.category_names,
        vectors=old.vectors,
        has_time=old.has_time,
    )
    return data, np.unique(new_user), np.unique(new_session)
