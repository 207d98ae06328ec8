"""Opening the history database: WAL, busy timeout, migrations, moving a bad file aside; no textual."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

BUSY_TIMEOUT_MS = 10_000
"""How long a writer waits for another backtimer holding the write lock."""

SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26

# Each migration is a list of statements; user_version N means MIGRATIONS[:N] ran.
# Only ever append: a released migration never changes.
MIGRATIONS: list[tuple[str, ...]] = [
    (
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            routine TEXT NOT NULL,
            file TEXT NOT NULL DEFAULT '',
            digest TEXT NOT NULL DEFAULT '',
            started TEXT NOT NULL,
            ended TEXT,
            status TEXT NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'finished', 'stopped')),
            rating INTEGER CHECK (rating BETWEEN 0 AND 10),
            level TEXT,
            targets TEXT NOT NULL DEFAULT '{}',
            total_steps INTEGER NOT NULL DEFAULT 0,
            planned_seconds REAL NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE steps (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            step_index INTEGER NOT NULL,
            exercise TEXT NOT NULL,
            item TEXT NOT NULL,
            side TEXT NOT NULL DEFAULT '',
            set_number INTEGER NOT NULL,
            kind TEXT NOT NULL,
            work_kind TEXT,
            status TEXT NOT NULL CHECK (status IN ('done', 'skipped')),
            planned REAL,
            spent REAL NOT NULL,
            adjusted REAL NOT NULL DEFAULT 0,
            reps INTEGER,
            shortened INTEGER NOT NULL DEFAULT 0,
            target_key TEXT NOT NULL DEFAULT '',
            value REAL,
            range_low REAL,
            range_high REAL
        )""",
        "CREATE INDEX steps_by_session ON steps(session_id, id)",
        "CREATE INDEX sessions_by_routine ON sessions(routine, id)",
    ),
    # 2: a step can end 'stopped' (the session was quit while it ran). SQLite cannot
    # change a CHECK, so the table is rebuilt with the same columns and rows.
    (
        """CREATE TABLE steps_v2 (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            step_index INTEGER NOT NULL,
            exercise TEXT NOT NULL,
            item TEXT NOT NULL,
            side TEXT NOT NULL DEFAULT '',
            set_number INTEGER NOT NULL,
            kind TEXT NOT NULL,
            work_kind TEXT,
            status TEXT NOT NULL CHECK (status IN ('done', 'skipped', 'stopped')),
            planned REAL,
            spent REAL NOT NULL,
            adjusted REAL NOT NULL DEFAULT 0,
            reps INTEGER,
            shortened INTEGER NOT NULL DEFAULT 0,
            target_key TEXT NOT NULL DEFAULT '',
            value REAL,
            range_low REAL,
            range_high REAL
        )""",
        "INSERT INTO steps_v2 SELECT * FROM steps",
        "DROP TABLE steps",
        "ALTER TABLE steps_v2 RENAME TO steps",
        "CREATE INDEX steps_by_session ON steps(session_id, id)",
    ),
    # 3: writes that wait (in the writer's queue, or in a journal file after an error)
    # are applied later, exactly once: a session is found by a token its writes carry,
    # and the id of every write applied so far is kept, so a replay is skipped.
    (
        "ALTER TABLE sessions ADD COLUMN token TEXT",
        "UPDATE sessions SET token = lower(hex(randomblob(16))) WHERE token IS NULL",
        "CREATE UNIQUE INDEX sessions_by_token ON sessions(token)",
        "CREATE TABLE applied (op TEXT PRIMARY KEY) WITHOUT ROWID",
    ),
    # 4: the clock speed a session ran at (`--speed`): other than 1 is a practice run,
    # which the weekly target, the streak and progression leave out. Old rows ran at 1.
    ("ALTER TABLE sessions ADD COLUMN speed REAL NOT NULL DEFAULT 1",),
]


class HistoryError(Exception):
    """The history cannot be used: locked, unwritable, or written by a newer backtimer."""


class CorruptDatabase(sqlite3.DatabaseError):
    """The file opened but failed SQLite's integrity check."""


def connect(path: Path, busy_ms: int | None = None, check: bool = True) -> sqlite3.Connection:
    """An open, checked, migrated connection in autocommit mode (writes use BEGIN IMMEDIATE).

    `busy_ms`: how long a statement waits for another process's lock (BUSY_TIMEOUT_MS).
    `check`: run SQLite's quick integrity check (it reads the whole file).
    """
    busy = BUSY_TIMEOUT_MS if busy_ms is None else busy_ms
    # Used by one thread at a time, though maybe not the one that opened it (the
    # history opens on its own thread at start-up: see run/wiring.py).
    conn = sqlite3.connect(path, timeout=busy / 1000, isolation_level=None, check_same_thread=False)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {int(busy)}")
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL syncs the WAL on every commit: a power cut keeps the last finished step.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        found = conn.execute("PRAGMA quick_check").fetchone()[0] if check else "ok"
        if found != "ok":
            raise CorruptDatabase(f"integrity check failed: {found}")
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def migrate(conn: sqlite3.Connection) -> None:
    """Run the migrations this file lacks, in one transaction, safe against a racing process."""
    if conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS):
        return  # the usual case: no write lock needed
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > len(MIGRATIONS):
            raise HistoryError(
                f"the history database has schema version {version}, newer than this "
                f"backtimer knows ({len(MIGRATIONS)}); upgrade backtimer to use it"
            )
        for number, statements in enumerate(MIGRATIONS[version:], start=version + 1):
            for sql in statements:
                conn.execute(sql)
            conn.execute(f"PRAGMA user_version = {number}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def is_corrupt(exc: sqlite3.Error) -> bool:
    """True for a damaged or foreign file; False for locks, permissions and full disks."""
    if isinstance(exc, CorruptDatabase):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB)
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def move_aside(path: Path) -> Path:
    """Rename a bad database (and its -wal/-shm) with its modification time; never delete."""
    mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    stem = f"{path.name}.corrupt-{mtime:%Y%m%dT%H%M%SZ}"
    target = path.with_name(stem)
    n = 1
    while target.exists():
        target = path.with_name(f"{stem}-{n}")
        n += 1
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.rename(target.with_name(target.name + suffix))
    return target
