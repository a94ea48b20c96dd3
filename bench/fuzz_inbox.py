"""Hostile inbox messages, at scale (issue 23, item 1). Prints figures; asserts nothing.

Part 1 reads ``--count`` seeded hostile messages (``tests/harness/hostile_mail.py``: one to
three mutations of a recruiter's reply, from headers cut or doubled to MIME bombs) the
way every mailbox hands a message to the engine (``mailboxes.sync.incoming_from_raw``,
which is ``rules.letter.read_letter``), one by one, and prints: exceptions (grouped by
type and mutation), time per message (median, 99th centile, max) and the peak of memory
allocated while reading one (tracemalloc), with the slowest and largest cases.

Part 2 puts the same kind of messages, ``--batch`` at a time, into the inbox of a Maildir
home whose two thank-you notes were sent (so the inbox is read and classified), and runs
``mailflow run --json`` as a child process under a time and memory limit after each batch,
then once more: exit codes, tracebacks, runs stopped (no JSON report), the child's peak
RSS, and how often a "cannot be read" line was said (once per message at most).

    nice .venv/bin/python bench/fuzz_inbox.py [--count 1000] [--seed 1] [--batch 100] [--no-run]
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mailflow.mailboxes.sync import incoming_from_raw  # noqa: E402
from tests.harness.calendars import FINAL_ROUND  # noqa: E402
from tests.harness.home import Home  # noqa: E402
from tests.harness.hostile_mail import hostile  # noqa: E402
from tests.harness.mail_clients import maildir_setup  # noqa: E402

NY = ZoneInfo("America/New_York")
LATE = "2026-11-04T12:00"
SENDERS = ("Ana Lima <ana.lima@acme.example>", "Raj Patel <raj.patel@acme.example>",
           "Acme Careers <no-reply@us.greenhouse-mail.io>", "=?utf-8?q?S=C3=A1m?= <sam@acme.example>")


def part1(args) -> None:
    rng = random.Random(args.seed)
    errors: dict[tuple, list] = collections.defaultdict(list)
    times, peaks, cases = [], [], []
    by_mutation = collections.Counter()
    for index in range(args.count):
        raw, names = hostile(rng, rng.choice(SENDERS), datetime(2026, 11, 5, 10, tzinfo=NY))
        by_mutation.update(names)
        tracemalloc.start()
        start = time.perf_counter()
        try:
            incoming_from_raw(raw)
        except Exception as exc:  # noqa: BLE001 - counted: this is what the bench looks for
            errors[(type(exc).__name__, "+".join(sorted(names)))].append(index)
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        times.append(seconds)
        peaks.append(peak)
        cases.append((seconds, peak, index, "+".join(names), len(raw)))
    print(f"part 1: {args.count} hostile messages read by rules.letter (seed {args.seed})")
    print(f"  mutations used: {dict(sorted(by_mutation.items()))}")
    print(f"  exceptions: {sum(len(v) for v in errors.values())}")
    for (kind, names), indexes in sorted(errors.items(), key=lambda kv: -len(kv[1])):
        print(f"    {len(indexes):4d} {kind} after {names} (cases {indexes[:5]})")
    q = statistics.quantiles(times, n=100)
    print(f"  time per message: median {statistics.median(times) * 1000:.1f} ms, p99 {q[98] * 1000:.0f} ms, "
          f"max {max(times):.2f} s; input up to {max(c[4] for c in cases) / 1e6:.1f} MB")
    print(f"  memory allocated while reading one: median {statistics.median(peaks):.2f} MB, "
          f"max {max(peaks):.1f} MB")
    for label, key in (("slowest", 0), ("largest", 1)):
        top = sorted(cases, key=lambda c: -c[key])[:3]
        print(f"  {label}: " + "; ".join(f"#{c[2]} {c[3]} ({c[4] / 1e6:.1f} MB in): {c[0]:.2f} s, {c[1]:.1f} MB"
                                         for c in top))


def part2(args) -> None:
    rng = random.Random(args.seed + 1)
    with tempfile.TemporaryDirectory(prefix="fuzz-inbox-") as tmp:
        home = Home(Path(tmp) / "home", memory_mb=args.memory_mb, timeout=args.timeout)
        mail = maildir_setup(home, FINAL_ROUND)
        first = home.process("run", "--json", "--now", LATE)
        for person in ("ana.lima@acme.example", "raj.patel@acme.example"):
            mail.send("thank_you", person, "2026-11-04T13:00")
        home.process("run", "--json", "--now", "2026-11-04T14:00")
        inbox = Path(mail.inbox_path)
        exits, tracebacks, stopped, peaks, seconds = collections.Counter(), [], 0, [], []
        said: collections.Counter = collections.Counter()
        when = datetime(2026, 11, 5, 9, tzinfo=NY)
        delivered = 0
        runs = 0
        for batch in range(0, args.count, args.batch):
            for i in range(batch, min(args.count, batch + args.batch)):
                raw, _ = hostile(rng, rng.choice(SENDERS), when)
                (inbox / "new" / f"{1_700_000_000 + i}.hostile{i}.host").write_bytes(raw)
                delivered += 1
            now = (when + timedelta(hours=1 + batch // args.batch)).strftime("%Y-%m-%dT%H:%M")
            for _ in range(2 if batch + args.batch >= args.count else 1):
                outcome = home.process("run", "--json", "--now", now)
                runs += 1
                exits[outcome.exit] += 1
                seconds.append(outcome.seconds)
                peaks.append(outcome.max_rss_mb)
                if outcome.traceback:
                    tracebacks.append(outcome.traceback.splitlines()[-1])
                try:
                    report = json.loads(outcome.stdout)
                except ValueError:
                    stopped += 1
                    continue
                for line in report.get("warnings", []):
                    if "cannot be read" in line:
                        said[line] += 1
        print(f"part 2: {delivered} hostile messages in a Maildir inbox, {runs} runs of `mailflow run` "
              f"(limits {args.timeout:.0f} s, {args.memory_mb} MB; first run exit {first.exit})")
        print(f"  exit codes: {dict(exits)}; tracebacks: {len(tracebacks)}; runs stopped (no report): {stopped}")
        for line in collections.Counter(tracebacks).most_common(5):
            print(f"    {line}")
        print(f"  per run: max {max(seconds):.1f} s, peak RSS max {max(peaks):.0f} MB")
        print(f"  messages said unreadable: {len(said)}, said more than once: {sum(1 for n in said.values() if n > 1)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--memory-mb", type=int, default=1024)
    parser.add_argument("--no-run", action="store_true", help="part 1 only")
    args = parser.parse_args()
    part1(args)
    if not args.no_run:
        part2(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
