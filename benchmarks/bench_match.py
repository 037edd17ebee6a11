"""Match the district demo (3,000 mentees, 300 mentors): MentorDesk's whole suggestion, score
building and reasons included, against `linear_sum_assignment` alone on the same slot-expanded
matrix. Also the optimality gap of the greedy baseline (best remaining pair first).

Usage: python benchmarks/bench_match.py [--db PATH] [--repeat N]
Without --db it builds the district demo at stage 5 in a temporary folder first (about 15 s).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("MENTORDESK_HOME", tempfile.mkdtemp(prefix="bench-home-"))

    import numpy as np
    from scipy.optimize import linear_sum_assignment

    from mentordesk.services.database import open_database
    from mentordesk.services.demo import build_demo
    from mentordesk.services.matching import BONUS, greedy_total, scorer, suggest
    from mentordesk.services.programme import current_programme_id

    path = args.db
    if path is None:
        path = Path(tempfile.mkdtemp(prefix="bench-match-")) / "district.sqlite"
        print("building the district demo at stage 5…", file=sys.stderr)
        db = open_database(path)
        build_demo(db, "district", 5)
        db.close()
    db = open_database(path, read_only=True)
    pid = current_programme_id(db)
    assert pid is not None

    ours, bare = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = suggest(db, pid)
        ours.append(time.perf_counter() - start)

        sc = result.scorer
        assert sc is not None
        capacity = [m.free for m in sc.pool.mentors]
        cols = np.array([j for j, c in enumerate(capacity) for _ in range(c)], dtype=np.intp)
        matrix = np.where(sc.forbidden[:, cols], 0.0, sc.total[:, cols] + BONUS)
        start = time.perf_counter()
        linear_sum_assignment(matrix, maximize=True)
        bare.append(time.perf_counter() - start)

    sc = scorer(db, pid)
    capacity = [m.free for m in sc.pool.mentors]
    greedy = greedy_total(sc.total, sc.forbidden, capacity)
    optimal = suggest(db, pid, sc=sc).total_score
    db.close()

    o, b = statistics.median(ours), statistics.median(bare)
    print(f"mentees {len(sc.pool.mentees)}, mentors {len(sc.pool.mentors)}, "
          f"places {sum(capacity)}, pairs suggested {len(result.assignment)}")
    print(f"MentorDesk suggest (scores, solver, reasons): median {o * 1000:.0f} ms")
    print(f"bare linear_sum_assignment on the same matrix: median {b * 1000:.0f} ms")
    print(f"ratio: {o / b:.1f}x")
    gap = (optimal - greedy) / optimal * 100 if optimal else 0.0
    print(f"total score: optimal {optimal:.1f}, greedy {greedy:.1f}, greedy gap {gap:.2f} %")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
