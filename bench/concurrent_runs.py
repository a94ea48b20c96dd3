"""Five `mailflow run`s started at once on one home, again and again: how many did the
work, how many said another run holds the lock, and whether any note was written twice
or the state and the mailbox disagree. On a Maildir and on Dovecot.

Not part of the test suite (``tests/cli/test_concurrent_runs.py`` is its plain test);
prints figures and exits 1 when a check failed.

    nice python3 bench/concurrent_runs.py [--trials 10] [--imap-trials 5] [--runs 5] [--seed 1]
"""

from __future__ import annotations

import argparse
import collections
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from kill_runs import CONFIG_EXTRA, NOW, calendar, check, imap_keys, status_messages  # noqa: E402
from tests.harness.home import Home  # noqa: E402


def trial(home: Home, keys, runs: int) -> dict:
    started = time.monotonic()
    children = [home.start("run", "--json", "--now", NOW) for _ in range(runs)]
    outcomes = [c.wait() for c in children]
    seconds = time.monotonic() - started
    reports = [o.json() or {} for o in outcomes]
    worked = [r for r in reports if r and not r.get("skipped_run")]
    written = collections.Counter(d["key"] for r in worked for d in r.get("drafts", []) if d.get("written"))
    found = keys()
    messages, _ = status_messages(home, NOW)
    problems = check(found, messages, set(found))
    return {
        "exits": collections.Counter(o.exit for o in outcomes),
        "tracebacks": sum(1 for o in outcomes if o.crash()),
        "worked": len(worked),
        "wrote_something": sum(1 for r in worked if any(d.get("written") for d in r.get("drafts", []))),
        "said_locked": sum(1 for r in reports if r.get("skipped_run")),
        "drafts": len(found),
        "written_twice": sum(1 for n in written.values() if n > 1),
        "problems": {k: v for k, v in problems.items() if v},
        "seconds": seconds,
        "said": next((r["skipped_run"] for r in reports if r.get("skipped_run")), ""),
    }


def report(name: str, results: list[dict]) -> bool:
    if not results:
        return True
    exits = sum((r["exits"] for r in results), collections.Counter())
    print(f"\n== {name}: {len(results)} trials of {sum(exits.values()) // len(results)} runs at once")
    print(f"   exit codes: {dict(exits)}; tracebacks: {sum(r['tracebacks'] for r in results)}")
    print(f"   runs that did the pass: {collections.Counter(r['worked'] for r in results)} (per trial); "
          f"that wrote drafts: {collections.Counter(r['wrote_something'] for r in results)}; "
          f"that said another run holds the lock: {collections.Counter(r['said_locked'] for r in results)}")
    print(f"   drafts in the mailbox: {collections.Counter(r['drafts'] for r in results)}; "
          f"written twice: {sum(r['written_twice'] for r in results)}; "
          f"state != mailbox: {sum(1 for r in results if r['problems'])}")
    print(f"   slowest trial {max(r['seconds'] for r in results):.1f} s; a locked run says: "
          f"{next((r['said'] for r in results if r['said']), '-')!r}")
    for r in results:
        if r["problems"]:
            print(f"   FAIL {r['problems']}")
    return all(not r["problems"] and not r["written_twice"] and not r["tracebacks"] and r["drafts"] == 60
               for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--imap-trials", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory(prefix="mailflow-concurrent-") as tmp:
        work = Path(tmp)
        results = []
        for i in range(args.trials):
            home = Home(work / f"maildir-{i}", timeout=300)
            home.write_config(extra=CONFIG_EXTRA)
            home.calendar.write_text(calendar(), encoding="utf-8")
            results.append(trial(home, home.draft_keys, args.runs))
            shutil.rmtree(home.root, ignore_errors=True)
        ok = report("Maildir", results) and ok
        if args.imap_trials:
            from tests.harness.mail_clients import ImapClient
            from tests.harness.servers import DOVECOT, Dovecot

            if DOVECOT is None:
                print("dovecot is not installed: skipping the IMAP trials")
            else:
                server = Dovecot(work / "dovecot")
                server.start()
                results = []
                try:
                    for i in range(args.imap_trials):
                        user, password = f"five-{i}@example.org", "horse-battery-7"
                        server.add_user(user, password)
                        home = Home(work / f"imap-{i}", timeout=300)
                        home.write_config(extra=CONFIG_EXTRA, mail=ImapClient(server, user, password, drafts="Drafts")
                                          .mail_config(drafts_folder="Drafts"))
                        home.calendar.write_text(calendar(), encoding="utf-8")
                        results.append(trial(home, lambda: imap_keys(server, user, password), args.runs))
                        shutil.rmtree(home.root, ignore_errors=True)
                finally:
                    server.stop()
                ok = report("IMAP (Dovecot)", results) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
