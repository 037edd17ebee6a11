"""Open the district demo and compute `stats`, against bare sqlite3 doing the same counts.

Usage: python benchmarks/bench_open_stats.py [--db PATH] [--repeat N]
Without --db it builds the district demo (stage 6) in a temporary folder first.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

COUNTS = ("persons", "mentor_profiles", "mentee_profiles", "pairs", "programmes")


def bare(path: Path) -> None:
    conn = sqlite3.connect(path)
    for table in COUNTS:
        conn.execute(f"SELECT count(*) FROM {table}").fetchone()
    conn.execute("SELECT current_stage FROM programmes ORDER BY starts_on DESC LIMIT 1").fetchone()
    conn.close()


def ours(path: Path) -> None:
    from mentordesk.services.database import open_database
    from mentordesk.services.stats import stats

    db = open_database(path)
    try:
        stats(db)
    finally:
        db.close()


def timed(fn, path: Path, repeat: int) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(path)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("MENTORDESK_HOME", tempfile.mkdtemp(prefix="md-bench-"))
    path = args.db
    if path is None:
        from mentordesk.services.database import open_database
        from mentordesk.services.demo import build_demo

        path = Path(tempfile.mkdtemp(prefix="md-bench-")) / "district.sqlite"
        start = time.perf_counter()
        db = open_database(path)
        build_demo(db, "district", 6)
        db.close()
        print(f"district demo built in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    ours(path)  # warm the OS cache and the imports for both sides
    base = timed(bare, path, args.repeat)
    mine = timed(ours, path, args.repeat)
    print(f"open+stats: mentordesk {mine * 1000:.1f} ms, bare sqlite3 {base * 1000:.1f} ms, "
          f"ratio {mine / base:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
