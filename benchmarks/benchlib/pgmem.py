"""Peak memory of the PostgreSQL backends serving one database, sampled in a thread."""

from __future__ import annotations

import threading
from types import TracebackType

from sqlalchemy import create_engine, text

from benchlib.deploy import postgres_admin_url
from benchlib.memory import Rss, rss_of

BACKENDS_SQL = text(
    "SELECT pid FROM pg_stat_activity WHERE datname = :db AND backend_type = 'client backend'"
)


class BackendMemorySampler:
    """``with BackendMemorySampler(db) as s: ...`` then ``s.peak`` (largest VmRSS seen)."""

    def __init__(self, database: str, interval: float = 0.25) -> None:
        self.database = database
        self.interval = interval
        self.peak: Rss | None = None
        self.peak_anon_kb = 0
        self.backends_seen: set[int] = set()
        self._stop = threading.Event()
        self._engine = create_engine(postgres_admin_url(), pool_size=1)
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> list[Rss]:
        with self._engine.connect() as conn:
            pids = list(conn.execute(BACKENDS_SQL, {"db": self.database}).scalars())
        found = rss_of(pids)
        self.backends_seen.update(pids)
        for item in found:
            if self.peak is None or item.total_kb > self.peak.total_kb:
                self.peak = item
            self.peak_anon_kb = max(self.peak_anon_kb, item.anon_kb)
        return found

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> BackendMemorySampler:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sample()
        self._engine.dispose()
