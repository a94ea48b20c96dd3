"""Hostile calendars through the real command line, at scale. Prints figures; asserts nothing.

Part 1 mutates the good calendar and the fixtures in tests/data/calendars (the mutations of
tests/harness/hostile.py, one to ``--rounds`` stacked) and runs ``mailflow scan --json``
and ``mailflow run --json`` on each, every process under a time and memory limit. It
prints tracebacks grouped by exception type and place, time-outs, peak memory (the
child's own max RSS, from wait4), drafts written twice, and good events lost: interviews
the unmutated file has whose events the mutation left byte-identical, missing from the
scan. Inputs that failed are kept under ``--keep`` to replay.

Part 2 runs the limit cases (runaway recurrences, huge files and events, crafted names,
escape sequences in titles) one by one and prints a table with time and peak memory.

    nice python3 bench/fuzz_calendars.py [--count 1000] [--seed 1] [--timeout 20] [--memory-mb 1024]
                                         [--size 2000000] [--rounds 3] [--jobs 1] [--no-run]
                                         [--kinds line,single_twice,...]
                                         [--no-limits | --limits-only] [--limit-timeout 60]
                                         [--limit-memory-mb 2048] [--keep DIR]
    nice python3 bench/fuzz_calendars.py --replay [DIR]   # each reproducer in tests/data/calendars/hostile
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import json
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.harness import hostile as H  # noqa: E402
from tests.harness.calendars import vcalendar, vevent  # noqa: E402
from tests.harness.home import Home  # noqa: E402
from tests.harness.processes import Outcome  # noqa: E402

OK_EXITS = {0, 1, 2}


# ---- part 1: mutations ----------------------------------------------------------------

class Tally:
    def __init__(self):
        self.cases = 0
        self.processes = 0
        self.exits = collections.Counter()
        self.crashes: dict[tuple, list] = collections.defaultdict(list)
        self.timeouts: list = []
        self.bad_exits: list = []
        self.lost: list = []
        self.lost_by_kind = collections.Counter()
        self.lost_by_reason: dict[str, list] = collections.defaultdict(list)
        self.duplicates: list = []
        self.peaks: list = []  # (MB, seconds, command, case)

    def process(self, case: str, outcome: Outcome, what: list[str], kept: Path | None) -> None:
        self.processes += 1
        command = outcome.args[2]
        self.exits[(command, "timeout" if outcome.timed_out else outcome.exit)] += 1
        self.peaks.append((outcome.max_rss_mb, outcome.seconds, command, case))
        crash = outcome.crash()
        if crash:
            message = outcome.traceback.strip().splitlines()[-1][:160]
            self.crashes[crash].append((command, case, what, message, kept))
        if outcome.timed_out:
            self.timeouts.append((command, case, what, outcome.seconds, outcome.max_rss_mb, kept))
        elif outcome.exit not in OK_EXITS:
            self.bad_exits.append((command, case, what, outcome.exit, outcome.signal, kept))


def lost_reason(scan: Outcome) -> str:
    """Why scan lost events, without the attacker's text: the problem it reported, shortened."""
    if scan.timed_out:
        return "time-out"
    if scan.crash():
        return "traceback " + scan.crash()[0]
    report = scan.json() or {}
    problems = [p.get("message", "") for p in report.get("problems", [])]
    if not problems:
        return "left out, no problem reported"
    text = re.sub(r"^calendar [^:]+: ", "", problems[0]).split("\n")[0]
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", text)
    return re.sub(r"\d+", "N", text)[:110]


def one_case(index: int, args, seeds, baseline, work: Path):
    rng = random.Random(f"{args.seed}:{index}")
    # the good calendar half of the time: it has the most events to lose
    name, original = seeds[0] if rng.random() < 0.5 else rng.choice(seeds)
    data, what = H.mutate(rng, original, size=args.size, rounds=rng.randint(1, args.rounds), kinds=args.kinds)
    case = f"case-{index:05d}-{name}"
    home = Home.configured(work / case, memory_mb=args.memory_mb, timeout=args.timeout)
    home.calendar.write_bytes(data)
    outcomes = [home.process("scan", "--json", "--now", H.NOW)]
    if not args.no_run:
        outcomes.append(home.process("run", "--json", "--now", H.NOW))
    expected = baseline[name] & H.untouched_uids(original, data)
    found = H.interview_uids(outcomes[0]) or set()
    keys = home.draft_keys()
    duplicates = sorted(k for k, n in collections.Counter(keys).items() if n > 1)
    failed = (any(o.crash() or o.timed_out or o.exit not in OK_EXITS for o in outcomes)
              or (expected - found) or duplicates)
    kept = None
    if failed and args.keep:
        kept = args.keep / f"{case}.ics"
        kept.write_bytes(data)
        (args.keep / f"{case}.txt").write_text("\n".join(what) + "\n")
    shutil.rmtree(home.root, ignore_errors=True)
    return case, name, what, outcomes, sorted(expected - found), duplicates, kept


def fuzz(args) -> Tally:
    seeds = H.seeds()
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="mailflow-fuzz-") as tmp:
        work = Path(tmp)
        baseline = {}
        for name, data in seeds:
            home = Home.configured(work / f"baseline-{name}", memory_mb=args.memory_mb, timeout=args.timeout)
            home.calendar.write_bytes(data)
            baseline[name] = H.interview_uids(home.process("scan", "--json", "--now", H.NOW)) or set()
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            futures = [pool.submit(one_case, i, args, seeds, baseline, work) for i in range(args.count)]
            for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
                case, name, what, outcomes, lost, duplicates, kept = future.result()
                tally.cases += 1
                for outcome in outcomes:
                    tally.process(case, outcome, what, kept)
                if lost:
                    tally.lost.append((case, what, lost, outcomes[0].exit, kept))
                    tally.lost_by_reason[lost_reason(outcomes[0])].append(case)
                    if len(what) == 1:  # stacked mutations do not say which one did it
                        tally.lost_by_kind[what[0].split(":")[0]] += 1
                if duplicates:
                    tally.duplicates.append((case, what, duplicates, kept))
                if done % 50 == 0:
                    print(f"  {done}/{args.count} cases, {time.monotonic() - started:.0f} s", file=sys.stderr)
        tally.elapsed = time.monotonic() - started
    return tally


def report_fuzz(tally: Tally, args) -> None:
    print(f"\n== {tally.cases} mutated calendars, {tally.processes} mailflow processes, "
          f"{tally.elapsed:.0f} s (seed {args.seed}, limits {args.timeout:g} s / {args.memory_mb} MB)")
    print("exit codes: " + ", ".join(f"{c} {e}: {n}" for (c, e), n in sorted(tally.exits.items(), key=str)))
    print(f"\n-- tracebacks: {sum(len(v) for v in tally.crashes.values())} in {len(tally.crashes)} groups")
    for (exc, ours, inner), hits in sorted(tally.crashes.items(), key=lambda kv: -len(kv[1])):
        commands = collections.Counter(h[0] for h in hits)
        kinds = collections.Counter(s.split(":")[0] for h in hits for s in h[2])
        print(f"{len(hits):5d}  {exc} at {ours}  (innermost {inner})")
        print(f"       commands {dict(commands)}; mutations {dict(kinds.most_common(4))}")
        command, case, what, message, kept = hits[0]
        print(f"       e.g. {case}: {'; '.join(what)[:150]}")
        print(f"       {message}" + (f"  [{kept}]" if kept else ""))
    print(f"\n-- time-outs (> {args.timeout:g} s): {len(tally.timeouts)}")
    for command, case, what, seconds, mb, kept in tally.timeouts[:10]:
        print(f"       {command} {case}: {'; '.join(what)[:120]} ({mb:.0f} MB)" + (f" [{kept}]" if kept else ""))
    print(f"\n-- exit codes outside 0/1/2: {len(tally.bad_exits)}")
    for command, case, what, code, sig, kept in tally.bad_exits[:10]:
        print(f"       {command} {case}: exit {code} signal {sig}: {'; '.join(what)[:120]}")
    peaks = sorted(tally.peaks, reverse=True)
    rss = [p[0] for p in tally.peaks]
    if rss:
        print(f"\n-- peak memory: max {max(rss):.0f} MB, median {sorted(rss)[len(rss) // 2]:.0f} MB; "
              f"slowest {max(p[1] for p in tally.peaks):.1f} s")
        for mb, seconds, command, case in peaks[:5]:
            print(f"       {mb:7.0f} MB {seconds:6.1f} s  {command} {case}")
    print(f"\n-- good events lost (untouched by the mutation, missing from scan): {len(tally.lost)} calendars, "
          f"{sum(len(x[2]) for x in tally.lost)} events")
    if tally.lost:
        print(f"       where a single mutation did it: {dict(tally.lost_by_kind.most_common())}")
        print("       what scan said:")
    for reason, cases in sorted(tally.lost_by_reason.items(), key=lambda kv: -len(kv[1])):
        print(f"{len(cases):7d}  {reason}")
    for case, what, lost, code, kept in tally.lost[:12]:
        print(f"       {case} (scan exit {code}): {'; '.join(what)[:110]} -> lost {', '.join(lost)[:80]}")
    print(f"\n-- drafts written twice by one run: {len(tally.duplicates)}")
    for case, what, keys, kept in tally.duplicates[:10]:
        print(f"       {case}: {'; '.join(what)[:110]} -> {keys[:3]}")


# ---- part 2: limit cases ----------------------------------------------------------------

ESCAPES = "Interview with \x1b[31mAcme\x1b[0m \x1b]0;pwned\x07 \x1b[2J \u009b31m"
PARAM_TAIL = "\"Eve^nBcc: victim@evil.example^n^';X-TAIL=1\";ROLE=CHAIR"


def _interview(uid: str, extra: str = "", attendees=(), title: str = "Interview with Acme",
               start="20261109T140000", end="20261109T150000") -> str:
    return vevent(uid, title, H.NY + start, H.NY + end, organizer=";CN=Sam Lee:mailto:sam.lee@acme.example",
                  attendees=(H.SELF, *attendees), extra=extra)


def _big_file(megabytes: int) -> bytes:
    """A calendar of ``megabytes`` MB: years of ordinary events plus one interview."""
    events = [_interview("good-in-big")]
    rng = random.Random(5)
    size = 0
    i = 0
    while size < megabytes * 1_000_000:
        day = f"20{rng.randint(10, 26)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        text = vevent(f"noise-{i}", f"Meeting {i} about the quarterly roadmap", f":{day}T100000Z", f":{day}T110000Z",
                      attendees=(f";CN=Colleague {i}:mailto:c{i}@work.example",),
                      extra=f"DESCRIPTION:{'Agenda item. ' * 8}")
        events.append(text)
        size += len(text) + 20
        i += 1
    return vcalendar(*events).encode()


def limit_cases(args) -> list[tuple[str, bytes, str]]:
    """(name, calendar, what to look at) for each limit case."""
    def crowd(n):
        return tuple(f";CN=Person {i}:mailto:p{i}@acme.example" for i in range(n))
    allhands = tuple(f";CN=Colleague {i}:mailto:c{i}@bigcorp.example" for i in range(1_000))
    nested = "\n".join(["BEGIN:X-NEST"] * 20_000 + ["END:X-NEST"] * 20_000)
    cases = [
        ("RRULE:FREQ=SECONDLY, no end", _interview("good-sec", "RRULE:FREQ=SECONDLY"), ""),
        ("RRULE:FREQ=MINUTELY, no end", _interview("good-min", "RRULE:FREQ=MINUTELY"), ""),
        ("RRULE:FREQ=DAILY;INTERVAL=0", _interview("good-int0", "RRULE:FREQ=DAILY;INTERVAL=0"), ""),
        ("RRULE:FREQ=SECONDLY;INTERVAL=0", _interview("good-int0s", "RRULE:FREQ=SECONDLY;INTERVAL=0"), ""),
        ("RRULE:FREQ=DAILY;COUNT=1000000000", _interview("good-count", "RRULE:FREQ=DAILY;COUNT=1000000000",
                                                          start="19000101T090000", end="19000101T100000"), ""),
        ("RRULE that never matches (Feb 30)", _interview("good-never", "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"),
         ""),
        ("event with 300 attendees", _interview("good-300", attendees=crowd(300)), "drafts"),
        ("event with 1,000 attendees", _interview("good-1000", attendees=crowd(1_000)), "drafts"),
        ("event with 10,000 attendees", _interview("good-many", attendees=crowd(10_000)), "drafts"),
        ("'Interview training' all-hands, 1,000 attendees",
         vevent("allhands", "Interview training (all hands)", H.NY + "20261109T100000", H.NY + "20261109T110000",
                organizer=";CN=People Team:mailto:people@bigcorp.example", attendees=(H.SELF, *allhands)), "drafts"),
        ("crafted CN: ^n and a parameter tail", _interview("good-cn", attendees=(f";CN={PARAM_TAIL}:mailto:eve@evil.example",
                                                                                 ";CN=Ana Lima:mailto:ana@acme.example")),
         "headers"),
        ("escape sequences in a title", _interview("good-esc", title=ESCAPES), "escapes"),
        ("20,000 nested components", _interview("good-nest") + "\n" + nested, ""),
        ("one 20 MB DESCRIPTION line", _interview("good-desc", "DESCRIPTION:" + "d" * 20_000_000), ""),
    ]
    out = [(name, vcalendar(text).encode("utf-8", "surrogateescape"), look) for name, text, look in cases]
    out.append((f"{args.big_mb} MB calendar file", _big_file(args.big_mb), ""))
    return out


def _first_line(outcome: Outcome) -> str:
    if outcome.timed_out:
        return "TIME-OUT"
    crash = outcome.crash()
    if crash:
        return f"{crash[0]} at {crash[1]}"
    text = outcome.stderr.decode("utf-8", "replace").strip().splitlines()
    return text[0][:60] if text else ""


def run_limits(args) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="mailflow-limits-") as tmp:
        for index, (name, data, look) in enumerate(limit_cases(args)):
            home = Home.configured(Path(tmp) / f"limit-{index}", memory_mb=args.limit_memory_mb,
                                   timeout=args.limit_timeout)
            home.calendar.write_bytes(data)
            print(f"  limit case: {name} ({len(data) / 1e6:.1f} MB)", file=sys.stderr)
            commands = [("scan --json", ["scan", "--json", "--now", H.NOW]),
                        ("run --json", ["run", "--json", "--now", H.NOW])]
            if look == "escapes":
                commands += [("scan (text)", ["scan", "--explain", "--now", H.NOW]),
                             ("run (text)", ["run", "--dry-run", "--now", H.NOW])]
            for label, argv in commands:
                outcome = home.process(*argv)
                report = outcome.json() or {}
                note = _first_line(outcome)
                if label == "scan --json":
                    found = sum(1 for e in report.get("events", []) if e.get("interview"))
                    note = f"{found} interviews; {note}".strip("; ")
                if label == "run --json":
                    keys = home.draft_keys()
                    note = f"{len(keys)} drafts ({len(keys) - len(set(keys))} twice); {note}".strip("; ")
                    if look == "headers" and keys:
                        note += "; " + _draft_headers(home)
                if look == "escapes":
                    raw = outcome.stdout
                    seen = [n for n, b in (("ESC", b"\x1b"), ("C1 CSI", "\u009b".encode()), ("BEL", b"\x07")) if b in raw]
                    note = "; ".join(filter(None, [note, "raw on stdout: " + (", ".join(seen) or "none")]))
                rows.append({"case": name, "command": label, "exit": "kill" if outcome.timed_out else outcome.exit,
                             "seconds": outcome.seconds, "peak_mb": outcome.max_rss_mb, "note": note})
            shutil.rmtree(home.root, ignore_errors=True)
    return rows


def _draft_headers(home: Home) -> str:
    """What a crafted name became in the drafts: recipients and any header it added."""
    import mailbox
    box = mailbox.Maildir(home.drafts_path, create=False)
    seen = []
    for key in box.iterkeys():
        msg = box[key]
        if "evil" in str(msg["To"]):
            seen.append(f"To: {str(msg['To'])!r}; Bcc: {msg['Bcc']!r}; headers {len(msg.keys())}")
    return " | ".join(seen) or "no draft to the crafted attendee"


def replay(args) -> list[dict]:
    """Each saved reproducer (tests/data/calendars/hostile by default) through scan and run."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="mailflow-replay-") as tmp:
        for index, path in enumerate(sorted(args.replay.glob("*.ics"))):
            home = Home.configured(Path(tmp) / f"replay-{index}", memory_mb=args.limit_memory_mb,
                                   timeout=args.limit_timeout)
            home.calendar.write_bytes(path.read_bytes())
            print(f"  replay: {path.name}", file=sys.stderr)
            for label, argv in (("scan --json", ["scan", "--json", "--now", H.NOW]),
                                ("run --json", ["run", "--json", "--now", H.NOW]),
                                ("scan (text)", ["scan", "--now", H.NOW])):
                outcome = home.process(*argv)
                report = outcome.json() or {}
                note = _first_line(outcome)
                if label == "scan --json":
                    found = {e["uid"] for e in report.get("events", []) if e.get("interview")}
                    problems = [re.sub(r"^calendar [^:]+: ", "", p["message"])[:70].replace("\n", " ")
                                for p in report.get("problems", [])]
                    note = "; ".join(filter(None, [f"good-1 {'found' if 'good-1' in found else 'LOST'}", note, *problems]))
                elif label == "run --json":
                    keys = home.draft_keys()
                    note = "; ".join(filter(None, [f"{len(keys)} drafts", note]))
                    odd = [d["to"] for d in report.get("drafts", []) if "?" in d.get("to", "")]
                    if odd:
                        note += f" to {odd[:2]}"
                else:
                    raw = outcome.stdout
                    seen = [n for n, b in (("ESC", b"\x1b"), ("C1 CSI", "\u009b".encode()), ("BEL", b"\x07")) if b in raw]
                    note = ("raw on stdout: " + ", ".join(seen)) if seen else note
                rows.append({"case": path.name, "command": label,
                             "exit": "kill" if outcome.timed_out else outcome.exit,
                             "seconds": outcome.seconds, "peak_mb": outcome.max_rss_mb, "note": note.strip("; ")})
            shutil.rmtree(home.root, ignore_errors=True)
    return rows


def report_limits(rows: list[dict], args, title: str = "limit cases") -> None:
    print(f"\n== {title} (limits {args.limit_timeout:g} s / {args.limit_memory_mb} MB per process)")
    width = min(62, max(len(r["case"]) for r in rows)) if rows else 10
    print(f"{'case':<{width}} {'command':<12} {'exit':>4} {'time s':>7} {'peak MB':>8}  result")
    for r in rows:
        print(f"{r['case'][:width]:<{width}} {r['command']:<12} {r['exit']!s:>4} {r['seconds']:7.1f} {r['peak_mb']:8.0f}  "
              f"{r['note'][:150]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="mutated calendars (default 1000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=20, help="seconds per mailflow process")
    parser.add_argument("--memory-mb", type=int, default=1024, help="address-space limit per process")
    parser.add_argument("--size", type=int, default=2_000_000, help="largest huge line, in bytes")
    parser.add_argument("--rounds", type=int, default=3, help="at most this many mutations stacked")
    parser.add_argument("--jobs", type=int, default=1, help="processes at a time (the machine is shared)")
    parser.add_argument("--no-run", action="store_true", help="scan only")
    parser.add_argument("--kinds", type=lambda v: v.split(","),
                        help="only these mutations, comma-separated (`line` for the line-level ones)")
    parser.add_argument("--no-limits", action="store_true")
    parser.add_argument("--limits-only", action="store_true")
    parser.add_argument("--limit-timeout", type=float, default=60)
    parser.add_argument("--limit-memory-mb", type=int, default=2048)
    parser.add_argument("--big-mb", type=int, default=50, help="size of the big-file limit case")
    parser.add_argument("--replay", type=Path, nargs="?", const=H.HOSTILE,
                        help="only replay saved reproducers (default folder: tests/data/calendars/hostile)")
    parser.add_argument("--keep", type=Path, help="folder for the inputs that failed (default: a new temp folder)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if args.kinds:
        args.kinds = [k for kind in args.kinds for k in (H.LINE_LEVEL if kind == "line" else [kind])]
        unknown = set(args.kinds) - set(H.MUTATIONS)
        if unknown:
            parser.error(f"unknown mutations {sorted(unknown)}; known: {sorted(H.MUTATIONS)}")
    figures = {}
    if args.replay:
        rows = replay(args)
        report_limits(rows, args, title=f"reproducers in {args.replay}")
        if args.json:
            args.json.write_text(json.dumps({"replay": rows}, indent=2, default=str))
        return
    if not args.limits_only:
        if args.keep is None:
            args.keep = Path(tempfile.mkdtemp(prefix=f"mailflow-fuzz-kept-{args.seed}-"))
        args.keep.mkdir(parents=True, exist_ok=True)
        tally = fuzz(args)
        report_fuzz(tally, args)
        print(f"\nfailing inputs kept in {args.keep}")
        figures["fuzz"] = {
            "cases": tally.cases, "processes": tally.processes, "seconds": tally.elapsed,
            "tracebacks": {" | ".join(k): len(v) for k, v in tally.crashes.items()},
            "timeouts": len(tally.timeouts), "lost_calendars": len(tally.lost),
            "lost_events": sum(len(x[2]) for x in tally.lost), "duplicates": len(tally.duplicates),
            "peak_mb": max((p[0] for p in tally.peaks), default=0),
        }
    if not args.no_limits:
        rows = run_limits(args)
        report_limits(rows, args)
        figures["limits"] = rows
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str))


if __name__ == "__main__":
    main()
