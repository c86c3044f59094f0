"""Campaign detection benchmark: 100,000 comments (budget 30 s on one core), curve to 1,000,000.

The comments are generated in date order, as a stream (nothing holds the corpus), with a
realistic consultation mix: 60% form letters from 300 campaigns of very unequal size
(a third exact copies, the rest with personal additions or a dropped clause) and 40%
independent comments. Detection runs as `reviewprep campaigns detect` does
(`Detector.assign_many` on batches of `store.campaigns.BATCH` letters, in date order), pinned to one core, each size in a fresh
child process whose own peak resident memory bench/peak_rss.py reads. Times are CPU
seconds of that one core (`time.process_time`), so a busy shared machine does not inflate
them; `wall_s` is given too. Generating the text is timed apart (`generate_s`);
`detect_s` is detection alone.

The floor beside it is what a user would script instead (`--peer`, same stream, same
settings, one core): datasketch's `MinHash` of each comment's lower-cased word shingles and
a `MinHashLSH` index of the first comment of each group; a comment joins the candidate with
the highest estimated Jaccard similarity at or above the threshold, else starts a group.
No folding of accents, no exact-copy shortcut, no saved state, nothing stored.

    uv run python bench/bench_campaigns.py                          # 100,000
    uv run python bench/bench_campaigns.py --sizes 10000,100000,1000000 --json
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from peak_rss import ChildFailed, measured  # noqa: E402  (bench/, this script's folder)

from reviewprep.campaigns.config import load_campaigns_config  # noqa: E402
from reviewprep.campaigns.detect import Detector  # noqa: E402
from reviewprep.store.campaigns import BATCH  # noqa: E402
from tests.campaign_corpora import GRAMMAR, distinct_comment  # noqa: E402

START = dt.date(2025, 1, 1)
DAYS = 600
CAMPAIGNS = 300
CAMPAIGN_SHARE = 0.6


def stream(size: int, seed: int = 20261129) -> Iterator[tuple[str, dt.date, str]]:
    """(key, day, text) in date order; campaign sizes follow a Zipf-like law."""
    rng = random.Random(seed)
    languages = tuple(GRAMMAR)
    templates = [distinct_comment(random.Random(seed + i), languages[i % 3]) for i in range(CAMPAIGNS)]
    weights = [1 / (i + 1) for i in range(CAMPAIGNS)]
    per_day = size / DAYS
    made = 0
    for day in range(DAYS):
        date = START + dt.timedelta(days=day)
        count = int((day + 1) * per_day) - made
        for _ in range(count):
            made += 1
            if rng.random() < CAMPAIGN_SHARE:
                c = rng.choices(range(CAMPAIGNS), weights)[0]
                parts = templates[c].split(". ")
                roll = rng.random()
                if roll < 0.35:
                    parts.insert(rng.randrange(len(parts)), distinct_comment(rng, languages[c % 3]).split(". ")[0])
                elif roll < 0.6:
                    del parts[rng.randrange(len(parts))]
                text = ". ".join(parts)
            else:
                text = distinct_comment(rng, rng.choice(languages))
            yield f"{made:08d}", date, text


def child(size: int) -> dict:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    settings = load_campaigns_config(ROOT / "config").detection.settings()
    start, cpu_start = time.perf_counter(), time.process_time()
    generate = 0.0
    detector = Detector(settings)
    sizes: Counter[str] = Counter()
    detect_s = 0.0
    it = stream(size)
    while True:
        t0 = time.process_time()
        batch = [(key, text) for key, _day, text in itertools.islice(it, BATCH)]
        t1 = time.process_time()
        generate += t1 - t0
        if not batch:
            break
        sizes.update(a.group for a in detector.assign_many(batch))
        detect_s += time.process_time() - t1
    total = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    found = [n for n in sizes.values() if n >= settings.min_size]
    reps = sum(1 for _ in detector.representatives())
    return {"size": size, "detect_s": round(detect_s, 2), "generate_s": round(generate, 2),
            "wall_s": round(total, 2), "cpu_s": round(cpu, 2), "per_comment_us": round(detect_s / size * 1e6, 1),
            "groups": len(sizes), "campaigns": len(found), "in_campaigns": sum(found),
            "representatives": reps}


def peer_child(size: int) -> dict:
    """The datasketch script a user would write instead; runs in its own process."""
    from datasketch import MinHash, MinHashLSH

    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    settings = load_campaigns_config(ROOT / "config").detection.settings()
    n = settings.shingle_words
    lsh = MinHashLSH(threshold=settings.threshold, num_perm=settings.num_perm)
    firsts: dict[str, MinHash] = {}
    group_of: dict[str, str] = {}
    sizes: Counter[str] = Counter()
    detect_s = 0.0
    for key, _day, text in stream(size):
        start = time.process_time()
        words = text.lower().split()
        shingles = {" ".join(words[i:i + n]) for i in range(max(len(words) - n + 1, 1))}
        minhash = MinHash(num_perm=settings.num_perm, seed=settings.seed)
        minhash.update_batch([s.encode() for s in shingles])
        best = max(((minhash.jaccard(firsts[c]), c) for c in lsh.query(minhash)), default=(0.0, ""))
        if best[0] >= settings.threshold:
            group_of[key] = group_of[best[1]]
        else:
            group_of[key] = key
            firsts[key] = minhash
            lsh.insert(key, minhash)
        sizes[group_of[key]] += 1
        detect_s += time.process_time() - start
    found = [count for count in sizes.values() if count >= settings.min_size]
    return {"size": size, "detect_s": round(detect_s, 2), "per_comment_us": round(detect_s / size * 1e6, 1),
            "groups": len(sizes), "campaigns": len(found), "in_campaigns": sum(found)}


def run(size: int, peer: bool = False) -> dict:
    try:
        result, peak_mb = measured([sys.executable, __file__, "--peer-child" if peer else "--child", str(size)])
    except ChildFailed as exc:
        raise ChildFailed(f"{'the datasketch peer' if peer else 'detection'} at {size:,} comments {exc}") from None
    result["peak_rss_mb"] = peak_mb
    if not peer:
        result["kb_per_representative"] = round(result["peak_rss_mb"] * 1024 / max(result["representatives"], 1), 2)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-peer", action="store_true", help="skip the datasketch peer")
    parser.add_argument("--child", type=int)
    parser.add_argument("--peer-child", type=int)
    args = parser.parse_args()
    if args.child or args.peer_child:
        print(json.dumps(child(args.child) if args.child else peer_child(args.peer_child)))
        return 0
    try:
        results = [{**run(int(s)), **({} if args.no_peer else {"peer": run(int(s), peer=True)})}
                   for s in args.sizes.split(",")]
    except ChildFailed as exc:
        print(f"bench_campaigns: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for r in results:
            print(f"{r['size']:>9,} comments: detect {r['detect_s']:6.1f} s CPU ({r['per_comment_us']} µs each), "
                  f"peak {r['peak_rss_mb']} MB, {r['campaigns']} campaigns holding {r['in_campaigns']:,}, "
                  f"{r['representatives']:,} representatives")
            if "peer" in r:
                p = r["peer"]
                print(f"{'':>9}  datasketch peer: {p['detect_s']:6.1f} s CPU ({p['per_comment_us']} µs each), "
                      f"peak {p['peak_rss_mb']} MB, {p['campaigns']} campaigns holding {p['in_campaigns']:,}; "
                      f"detection over the peer: {r['detect_s'] / max(p['detect_s'], 0.01):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
