"""Kill `mailflow run` with SIGKILL at random moments, finish the run, and check the mailbox.

Not part of the test suite (it takes minutes); kept runnable. Prints figures and exits 1
when a check failed.

A calendar of 20 interviews at 20 companies, three interviewers each, all over by
``NOW`` and past the remark deadline: a run writes 60 placeholder thank-you drafts.
Each iteration starts from a copy of a prepared home, starts ``mailflow run``, kills
it (SIGKILL) at a random moment, runs it again to completion and checks the result.
The moment is, seven times in ten, right after the mailbox changed a random number of
times (watched from outside: the Maildir's file names, or the IMAP folder's UIDs), so
that kills land while drafts are written whatever the machine's load; otherwise after
a random time up to the length of an uninterrupted run. The checks:

- no duplicate: no ``X-Mailflow-Key`` twice in the mailbox;
- no loss: every key an uninterrupted run writes is there;
- state equals mailbox: ``status --json`` says "draft" for exactly the keys in the
  mailbox, and nothing else (a "deleted" is a draft mailflow will never write again).

Variants:
  plain        empty state and mailbox, run killed, run again.
  placeholder  the 60 placeholder drafts exist and remarks were recorded for 12
               interviewers with `mailflow remark`; the run that replaces those
               placeholders is killed; then run again. Also checks that each
               remarked draft quotes its remark.
  state-lost   as plain, but state.db (and its -wal/-shm) is deleted before the
               second run, as a user who "starts over" would. Also once without a kill.
  imap         as plain, against a real Dovecot on 127.0.0.1 (its own config and
               folder, a fresh user per iteration), checked over IMAP.
  accept       the 60 thank-you drafts exist; `mailflow accept Acme` (19 withdrawal
               drafts, the other applications withdrawn) is killed; the user runs the
               same command again, then cron runs `mailflow run`. On Maildir, and on
               Dovecot with ``--imap-command-kills``.
  redraft      the same, killing `mailflow redraft <interview> --yes` (its three
               thank-you drafts rewritten in place), then again, then `run`.

    nice python3 bench/kill_runs.py [--kills 100] [--placeholder-kills 30] [--state-kills 20]
                                    [--imap-kills 20] [--accept-kills 20] [--redraft-kills 20]
                                    [--imap-command-kills 0] [--seed 1] [--memory-mb 1024] [--timeout 120]
"""

from __future__ import annotations

import argparse
import collections
import email
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.harness.calendars import ME, vcalendar, vevent  # noqa: E402
from tests.harness.home import Home  # noqa: E402
from tests.harness.processes import Outcome  # noqa: E402

#: in the past of the real clock, so that Dovecot keeps the dates mailflow gives
NOW = "2021-11-25T18:00"
LATER = "2021-11-25T19:00"
COMPANIES = ["Acme", "Globex", "Initech", "Hooli", "Umbrella", "Vandelay", "Stark", "Wayne", "Cyberdyne",
             "Tyrell", "Soylent", "Wonka", "Gringotts", "Oscorp", "Nakatomi", "Massive", "Virtucon", "Monarch",
             "Aperture", "Weyland"]
PEOPLE = [("Ana", "Lima"), ("Raj", "Patel"), ("Zoe", "Muller"), ("Sam", "Lee"), ("Kim", "Park"), ("Tom", "Smith"),
          ("Eva", "Novak"), ("Leo", "Rossi"), ("Mia", "Jensen"), ("Ben", "Cohen")]
CONFIG_EXTRA = '[proofread]\nwarn_only = ["spelling"]\n'


def calendar() -> str:
    rng = random.Random(20)
    events = []
    for i, company in enumerate(COMPANIES):
        day = 19 + i % 5  # Nov 19..23: over, past the 20 h deadline, within the 7-day age limit
        hour = 9 + i % 8
        domain = f"{company.lower()}.example"
        people = rng.sample(PEOPLE, 3)
        events.append(vevent(
            f"iv-{i}@{domain}", f"Interview with {company}", f";TZID=America/New_York:202111{day}T{hour:02d}0000",
            f";TZID=America/New_York:202111{day}T{hour:02d}4500",
            organizer=f";CN=Recruiter {company}:mailto:jobs@{domain}",
            attendees=(f";CN=Alex Candidate;PARTSTAT=ACCEPTED:mailto:{ME}",
                       *(f";CN={first} {last}:mailto:{first.lower()}.{last.lower()}@{domain}" for first, last in people)),
            extra=f"DESCRIPTION:Role: Engineer at {company}",
        ))
    return vcalendar(*events)


# ---- checks --------------------------------------------------------------------------

def check(keys: list[str], messages: list[dict], expected: set[str]) -> dict:
    """What is wrong with a mailbox (``keys``, repeats kept) and the state's ``messages``."""
    counts = collections.Counter(keys)
    states = {m["key"]: m["status"] for m in messages}
    return {
        "duplicates": sorted(k for k, n in counts.items() if n > 1),
        "extra_copies": sum(n - 1 for n in counts.values() if n > 1),
        "lost": sorted(expected - set(counts)),
        "unexpected": sorted(set(counts) - expected),
        "state_not_draft": sorted(f"{k}={s}" for k, s in states.items() if s != "draft"),
        "in_mailbox_not_in_state": sorted(set(counts) - set(states)),
        "draft_in_state_not_in_mailbox": sorted(k for k, s in states.items() if s == "draft" and k not in counts),
    }


def status_messages(home: Home, now: str) -> tuple[list[dict], Outcome]:
    outcome = home.process("status", "--json", "--now", now)
    report = outcome.json() or {}
    return [m for a in report.get("applications", []) for m in a.get("messages", [])], outcome


class Results:
    def __init__(self, name: str):
        self.name = name
        self.iterations = 0
        self.failed = collections.Counter()  # check -> iterations where it failed
        self.examples: dict[str, list] = collections.defaultdict(list)
        self.total = collections.Counter()  # check -> items over all iterations
        self.kill_phase = collections.Counter()
        self.crashes = collections.Counter()
        self.rerun_exits = collections.Counter()
        self.rerun_problems = collections.Counter()
        self.seconds = 0.0
        self.peak_mb = 0.0

    def add(self, problems: dict, phase: str, outcomes: list[Outcome], how: str) -> None:
        self.iterations += 1
        self.kill_phase[phase] += 1
        for o in outcomes:
            self.peak_mb = max(self.peak_mb, o.max_rss_mb)
            crash = o.crash()
            if crash:
                self.crashes[" at ".join(crash[:2])] += 1
        rerun = outcomes[0]
        self.rerun_exits["timeout" if rerun.timed_out else rerun.exit] += 1
        for problem in (rerun.json() or {}).get("problems", []):
            said = re.sub(r"/tmp/\S+", "…", f"{problem.get('what')}: {problem.get('message')}")
            self.rerun_problems[re.sub(r"thank_you\.\w+|\S+@\S+", "…", said)[:150]] += 1
        for name, items in problems.items():
            if isinstance(items, list) and items:
                self.failed[name] += 1
                self.total[name] += len(items)
                if len(self.examples[name]) < 3:
                    self.examples[name].append(f"killed {how} ({phase}): {items[:3]}")
            elif isinstance(items, int) and items:
                self.total[name] += items

    def print(self) -> bool:
        print(f"\n== {self.name}: {self.iterations} kills, {self.seconds:.0f} s, peak RSS {self.peak_mb:.0f} MB")
        print("   where the kill landed: " + ", ".join(f"{k} {v}" for k, v in sorted(self.kill_phase.items())))
        print("   exit of the run after the kill: " + ", ".join(f"{k}: {v}" for k, v in self.rerun_exits.items()))
        for problem, n in self.rerun_problems.most_common(5):
            print(f"   the run after the kill reported x{n}: {problem}")
        for crash, n in self.crashes.items():
            print(f"   traceback x{n}: {crash}")
        if not self.failed:
            print("   every check passed: no duplicate, no loss, state equals mailbox")
        for name in self.failed:
            print(f"   FAIL {name}: in {self.failed[name]} of {self.iterations} iterations, "
                  f"{self.total[name]} items in all")
            for example in self.examples[name]:
                print(f"        {example[:200]}")
        return not self.failed and not self.crashes and not self.rerun_problems


def measure(home: Home, argv: list[str], snapshot) -> tuple[int, float]:
    """Run ``argv`` once uninterrupted on ``home`` (a copy: it is changed); returns how
    many message names ``snapshot()`` gained or lost, and how long the run took."""
    before = snapshot()
    outcome = home.process(*argv)
    assert outcome.exit == 0, outcome.stderr[-2000:]
    return len(before ^ snapshot()), outcome.seconds


def kill_at_random(home: Home, argv: list[str], snapshot, changes: int, span: float, rng) -> tuple[str, bool]:
    """Start ``argv`` and SIGKILL it: most times right after the mailbox has changed a
    random number of times (1 to ``changes``: a kill in the middle of writing, whatever
    the machine's load), otherwise after a random time (0 to 1.1 x ``span``).
    Returns how the moment was chosen, and whether the run had already ended."""
    before = snapshot()
    child = home.start(*argv)
    if rng.random() < 0.7 and changes > 0:
        target = rng.randint(1, changes)
        how = f"after {target}/{changes} changes"
        while not child.done() and len(before ^ snapshot()) < target:
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.004))
    else:
        delay = rng.uniform(0, span * 1.1)
        how = f"after {delay:.2f} s"
        time.sleep(delay)
    completed = child.done()
    child.kill()
    child.wait(30, killed=True)
    return how, completed


def maildir_names(home: Home):
    """The drafts' file names with their modification times: a draft rewritten in
    place (same name, new content) counts as a change too."""
    def snapshot() -> frozenset:
        names = set()
        for sub in ("cur", "new"):
            try:
                for entry in os.scandir(home.drafts_path / sub):
                    try:
                        names.add(f"{entry.name}@{entry.stat().st_mtime_ns}")
                    except FileNotFoundError:
                        pass
            except FileNotFoundError:
                pass
        return frozenset(names)
    return snapshot


def _phase(written: int, expected: int, completed: bool) -> str:
    if completed:
        return "after the run ended"
    if written == 0:
        return "before any draft"
    return "mid-writing" if written < expected else "after the last draft"


# ---- the Maildir variants -------------------------------------------------------------

def prepare(root: Path, args) -> tuple[Home, set[str]]:
    """A home with the calendar and no state; the keys an uninterrupted run writes."""
    template = Home(root, memory_mb=args.memory_mb, timeout=args.timeout)
    template.write_config(extra=CONFIG_EXTRA)
    template.calendar.write_text(calendar(), encoding="utf-8")
    reference = fresh_copy(template, root.with_name(f"{root.name}-reference"), args)
    first = reference.process("run", "--json", "--now", NOW)
    keys = reference.draft_keys()
    assert first.exit == 0 and len(keys) == len(set(keys)) >= 50, (first.exit, len(keys), first.stderr[-2000:])
    return template, set(keys)


def fresh_copy(template: Home, root: Path, args) -> Home:
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(template.root, root, ignore=shutil.ignore_patterns("xdg"))
    return Home(root, memory_mb=args.memory_mb, timeout=args.timeout)


def remove_state(root: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        (root / f"state.db{suffix}").unlink(missing_ok=True)


def plain(args, work: Path, rng, *, lose_state: bool = False, kills: int) -> Results:
    results = Results("Maildir, state.db deleted after the kill" if lose_state else "Maildir, plain")
    template, expected = prepare(work / ("state-template" if lose_state else "plain-template"), args)
    argv = ["run", "--json", "--now", NOW]
    probe = fresh_copy(template, work / "probe", args)
    changes, span = measure(probe, argv, maildir_names(probe))
    print(f"  {results.name}: an uninterrupted run writes {changes} drafts in {span:.2f} s", file=sys.stderr)
    started = time.monotonic()
    for i in range(kills):
        home = fresh_copy(template, work / f"kill-{i}", args)
        how, completed = kill_at_random(home, argv, maildir_names(home), changes, span, rng)
        phase = _phase(len(home.draft_keys()), len(expected), completed)
        if lose_state:
            remove_state(home.root)
        rerun = home.process("run", "--json", "--now", NOW)
        messages, status = status_messages(home, NOW)
        results.add(check(home.draft_keys(), messages, expected), phase, [rerun, status], how)
        shutil.rmtree(home.root, ignore_errors=True)
    results.seconds = time.monotonic() - started
    return results


def state_lost_without_kill(args, work: Path) -> dict:
    home, expected = prepare(work / "nokill", args)
    home.process("run", "--json", "--now", NOW)
    remove_state(home.root)
    again = home.process("run", "--json", "--now", NOW)
    keys = home.draft_keys()
    return {"first_run_drafts": len(expected), "second_run_exit": again.exit, "drafts_now": len(keys),
            "keys_twice": sum(1 for n in collections.Counter(keys).values() if n > 1)}


def placeholder(args, work: Path, rng, *, kills: int) -> Results:
    """Kill the run that replaces placeholder drafts with the remarked ones."""
    results = Results("Maildir, placeholders being replaced")
    template, expected = prepare(work / "ph-template", args)
    first = template.process("run", "--json", "--now", NOW)
    assert first.exit == 0, first.stderr[-2000:]
    scan = template.process("scan", "--json", "--now", NOW).json()
    remarks = {}
    for event in scan["events"]:
        if not event["interview"]:
            continue
        for person in event["interviewers"][:rng.choice([1, 2])]:
            if len(remarks) < 12:
                text = f"we ship {event['company']} releases every {rng.randint(2, 9)} days"
                said = template.process("remark", event["id"], "--by", person["email"], text, "--now", NOW)
                assert said.exit == 0, said.stderr[-1000:]
                remarks[person["email"]] = text
    argv = ["run", "--json", "--now", LATER]
    probe = fresh_copy(template, work / "ph-probe", args)
    changes, span = measure(probe, argv, maildir_names(probe))
    replaced = len(set(_remarked_addresses(probe, remarks)))
    print(f"  {results.name}: {len(remarks)} remarks; an uninterrupted run replaces {replaced} drafts "
          f"({changes} file changes) in {span:.2f} s", file=sys.stderr)
    started = time.monotonic()
    for i in range(kills):
        home = fresh_copy(template, work / f"ph-{i}", args)
        how, completed = kill_at_random(home, argv, maildir_names(home), changes, span, rng)
        done = _remarked(home, remarks)
        gap = expected - set(home.draft_keys())
        if completed:
            phase = "after the run ended"
        elif gap:
            phase = "a placeholder deleted, its replacement not yet written"
        else:
            phase = ("before any replacement" if done == 0 else
                     "mid-replacing" if done < len(remarks) else "after the last replacement")
        rerun = home.process("run", "--json", "--now", LATER)
        messages, status = status_messages(home, LATER)
        problems = check(home.draft_keys(), messages, expected)
        problems["remark_missing_from_draft"] = sorted(set(remarks) - set(_remarked_addresses(home, remarks)))
        results.add(problems, phase, [rerun, status], how)
        shutil.rmtree(home.root, ignore_errors=True)
    results.seconds = time.monotonic() - started
    return results


def _drafts_by_recipient(home: Home) -> list[tuple[str, str]]:
    import mailbox
    path = home.drafts_path
    box = mailbox.Maildir(path, create=False)
    out = []
    for key in box.iterkeys():
        try:
            msg = box[key]
        except (KeyError, FileNotFoundError):
            continue
        body = msg.get_payload(decode=True) or b""
        out.append((str(msg["To"]), body.decode("utf-8", "replace")))
    return out


def _remarked_addresses(home, remarks: dict) -> list[str]:
    found = []
    for to, body in _drafts_by_recipient(home):
        for address, text in remarks.items():
            if address in to and text in body:
                found.append(address)
    return found


def _remarked(home, remarks) -> int:
    return len(set(_remarked_addresses(home, remarks)))


# ---- IMAP against Dovecot (the tests' own: tests/harness/servers.py) ----------------------

def imap_keys(server, user: str, password: str, folder: str = "Drafts", *, with_uids: bool = False) -> list:
    """``X-Mailflow-Key`` of each message in ``folder`` (with its UID: ``(uid, key)``)."""
    conn = server.client(user, password)
    try:
        typ, _ = conn.select(folder, readonly=True)
        if typ != "OK":
            return []
        typ, data = conn.uid("FETCH", "1:*", "(UID BODY.PEEK[HEADER.FIELDS (X-MAILFLOW-KEY)])")
        keys = []
        for part in data:
            if isinstance(part, tuple):
                key = str(email.message_from_bytes(part[1]).get("X-Mailflow-Key", "?")).strip()
                uid = re.search(rb"UID (\d+)", part[0])
                keys.append((uid.group(1).decode() if uid else "?", key) if with_uids else key)
        return keys
    finally:
        conn.logout()


def imap(args, work: Path, rng, *, kills: int) -> Results:
    results = Results("IMAP (Dovecot), plain")
    from tests.harness.mail_clients import ImapClient
    from tests.harness.servers import DOVECOT, Dovecot

    if DOVECOT is None:
        print("dovecot is not installed: skipping the IMAP variant (apt-get install dovecot-imapd)")
        return results
    server = Dovecot(work / "dovecot")
    server.start()
    password = "horse-battery-7"
    try:
        def home_for(name: str) -> tuple[Home, str]:
            user = f"{name}@example.org"
            server.add_user(user, password)
            home = Home(work / name, memory_mb=args.memory_mb, timeout=args.timeout)
            mail = ImapClient(server, user, password, drafts="Drafts").mail_config(drafts_folder="Drafts")
            home.write_config(extra=CONFIG_EXTRA, mail=mail)
            home.calendar.write_text(calendar(), encoding="utf-8")
            return home, user

        reference, user = home_for("imap-reference")
        argv = ["run", "--json", "--now", NOW]

        def uids(user):
            return lambda: frozenset(imap_keys(server, user, password, with_uids=True))
        changes, span = measure(reference, argv, uids(user))
        expected = set(imap_keys(server, user, password))
        assert len(expected) >= 50, len(expected)
        print(f"  {results.name}: an uninterrupted run writes {changes} drafts in {span:.2f} s", file=sys.stderr)
        started = time.monotonic()
        for i in range(kills):
            home, user = home_for(f"imap-{i}")
            how, completed = kill_at_random(home, argv, uids(user), changes, span, rng)
            phase = _phase(len(imap_keys(server, user, password)), len(expected), completed)
            rerun = home.process("run", "--json", "--now", NOW)
            messages, status = status_messages(home, NOW)
            results.add(check(imap_keys(server, user, password), messages, expected), phase, [rerun, status], how)
            shutil.rmtree(home.root, ignore_errors=True)
        results.seconds = time.monotonic() - started
    finally:
        server.stop()
    return results


# ---- accept and redraft, killed (Maildir and Dovecot) ----------------------------------------

#: the commands killed: the user's own, run after the cron job wrote the thank-yous
COMMANDS = {
    "accept": lambda interview: ["accept", "Acme", "--json", "--now", LATER],
    "redraft": lambda interview: ["redraft", interview, "--yes", "--json", "--now", LATER],
}


class Box:
    """Where one home's drafts are: their keys (repeats kept) and a snapshot that
    changes whenever a draft is written, rewritten or removed."""

    def __init__(self, home: Home, server=None, user: str = "", password: str = ""):
        self.home, self.server, self.user, self.password = home, server, user, password

    def keys(self) -> list[str]:
        if self.server is None:
            return self.home.draft_keys()
        return imap_keys(self.server, self.user, self.password)

    def snapshot(self):
        if self.server is None:
            return maildir_names(self.home)
        return lambda: frozenset(imap_keys(self.server, self.user, self.password, with_uids=True))


def command_kills(args, work: Path, rng, command: str, *, kills: int, server=None) -> Results:
    """Kill ``command`` (``COMMANDS``) once the thank-yous exist; run it again, then
    ``run``; check the mailbox and the state."""
    where = "Dovecot" if server is not None else "Maildir"
    results = Results(f"{where}, `{command}` killed")
    password = "horse-battery-7"
    template = None
    if server is None:
        template, _ = prepare(work / f"{command}-template", args)
        first = template.process("run", "--json", "--now", NOW)
        assert first.exit == 0, first.stderr[-2000:]

    def new_home(name: str) -> Box:
        if server is None:
            return Box(fresh_copy(template, work / name, args))
        from tests.harness.mail_clients import ImapClient

        user = f"{name}@example.org"
        server.add_user(user, password)
        home = Home(work / name, memory_mb=args.memory_mb, timeout=args.timeout)
        home.write_config(extra=CONFIG_EXTRA,
                          mail=ImapClient(server, user, password, drafts="Drafts").mail_config(drafts_folder="Drafts"))
        home.calendar.write_text(calendar(), encoding="utf-8")
        first = home.process("run", "--json", "--now", NOW)
        assert first.exit == 0, first.stderr[-2000:]
        return Box(home, server, user, password)

    def argv(box: Box) -> list[str]:
        scan = box.home.process("scan", "--json", "--now", NOW).json()
        interview = next(e["id"] for e in scan["events"] if e["interview"] and e["company"] == "Globex")
        return COMMANDS[command](interview)

    prefix = "imap-" if server is not None else ""
    reference = new_home(f"{prefix}{command}-reference")
    line = argv(reference)
    changes, span = measure(reference.home, line, reference.snapshot())
    finish = reference.home.process("run", "--json", "--now", LATER)
    assert finish.exit == 0, finish.stderr[-2000:]
    expected = set(reference.keys())
    shutil.rmtree(reference.home.root, ignore_errors=True)
    print(f"  {results.name}: an uninterrupted `{command}` makes {changes} mailbox changes in {span:.2f} s; "
          f"{len(expected)} drafts in the end", file=sys.stderr)
    started = time.monotonic()
    for i in range(kills):
        box = new_home(f"{prefix}{command}-{i}")
        line = argv(box)
        how, completed = kill_at_random(box.home, line, box.snapshot(), changes, span, rng)
        phase = "after the command ended" if completed else f"{command} interrupted"
        again = box.home.process(*line)
        cron = box.home.process("run", "--json", "--now", LATER)
        messages, status = status_messages(box.home, LATER)
        problems = check(box.keys(), messages, expected)
        # after accept, withdrawn applications keep their thank-yous as drafts: only mailflow's view counts
        results.add(problems, phase, [again, cron, status], how)
        shutil.rmtree(box.home.root, ignore_errors=True)
    results.seconds = time.monotonic() - started
    return results


def with_dovecot(work: Path, body):
    """``body(server)`` with a running Dovecot, or a note when it is not installed."""
    from tests.harness.servers import DOVECOT, Dovecot

    if DOVECOT is None:
        print("dovecot is not installed: skipping (apt-get install dovecot-imapd)")
        return Results("Dovecot (not installed)")
    server = Dovecot(work / f"dovecot-{time.monotonic_ns()}")
    server.start()
    try:
        return body(server)
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=100, help="plain Maildir kills (default 100)")
    parser.add_argument("--placeholder-kills", type=int, default=30)
    parser.add_argument("--state-kills", type=int, default=20)
    parser.add_argument("--imap-kills", type=int, default=20)
    parser.add_argument("--accept-kills", type=int, default=20)
    parser.add_argument("--redraft-kills", type=int, default=20)
    parser.add_argument("--imap-command-kills", type=int, default=0,
                        help="kills of accept and of redraft each on Dovecot (default 0)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--memory-mb", type=int, default=1024)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    ok = True
    figures = {}
    with tempfile.TemporaryDirectory(prefix="mailflow-kills-") as tmp:
        work = Path(tmp)
        runs = [("plain", lambda: plain(args, work, rng, kills=args.kills)),
                ("placeholder", lambda: placeholder(args, work, rng, kills=args.placeholder_kills)),
                ("state-lost", lambda: plain(args, work, rng, lose_state=True, kills=args.state_kills)),
                ("imap", lambda: imap(args, work, rng, kills=args.imap_kills)),
                ("accept", lambda: command_kills(args, work, rng, "accept", kills=args.accept_kills)),
                ("redraft", lambda: command_kills(args, work, rng, "redraft", kills=args.redraft_kills)),
                ("imap-accept", lambda: with_dovecot(work, lambda server: command_kills(
                    args, work, rng, "accept", kills=args.imap_command_kills, server=server))),
                ("imap-redraft", lambda: with_dovecot(work, lambda server: command_kills(
                    args, work, rng, "redraft", kills=args.imap_command_kills, server=server)))]
        counts = {"plain": "kills", "placeholder": "placeholder_kills", "state-lost": "state_kills",
                  "imap": "imap_kills", "accept": "accept_kills", "redraft": "redraft_kills",
                  "imap-accept": "imap_command_kills", "imap-redraft": "imap_command_kills"}
        for name, variant in runs:
            if not getattr(args, counts[name]):
                continue
            results = variant()
            ok = results.print() and ok
            figures[name] = {"iterations": results.iterations, "failed": dict(results.failed),
                             "items": dict(results.total), "phases": dict(results.kill_phase),
                             "crashes": dict(results.crashes), "seconds": results.seconds}
            if name == "state-lost":
                once = state_lost_without_kill(args, work)
                print(f"   and without any kill: run, delete state.db, run again -> {once}")
                figures["state-lost-no-kill"] = once
                ok = ok and not once["keys_twice"]
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
