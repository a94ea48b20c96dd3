"""What a cron run costs, every figure as a ratio measured in one interleaved run.
Prints a table; asserts nothing.

Each figure times two commands, A and B, each a fresh process, in turn (A B A B ...),
and takes the ratio of their CPU time (user + system, from ``wait4``) pair by pair, so
a machine that slows down during the bench moves both alike. It prints the ratio's
min / median / max, A's median CPU seconds, and the peak RSS of A and of B.

- start-up: a ``run --quiet`` that finds nothing new (the stamp's short way, and the
  full pipeline as a run on server-side calendars takes it) vs ``python -c pass``;
- a first run on a calendar of 1, 2, 5 and 10 years vs the naive floor (icalendar
  parses the file, recurring-ical-events expands the window a run caches);
- a run after an event changed inside the window vs that floor;
- a run after 5,000 messages came into the inbox (and were read by the run before) vs
  the same home without them, on a Maildir and on IMAP (a real Dovecot, started as the
  tests start it);
- a first run with 1,000 applications x 3 interviewers (A alone, in seconds);
- a no-change run with 3,000 drafts vs one with 30.

Every mailflow command runs as the installed ``mailflow`` command does (``mailflow.quick``'s
``main``, as cron calls it, its exit included); ``--through-cli`` runs ``mailflow.cli.main``
from a script instead, as this bench did before that command ended without the
interpreter's teardown (for figures comparable with earlier ones).

Calendars, Maildirs and applications are generated here (``calendar_corpus.py`` for the
calendars). ``--quick`` runs fewer pairs and leaves out 10 years; ``--only`` runs some
figures only (``startup``, ``years``, ``change``, ``maildir``, ``imap``, ``apps``: the
last is the 1,000 applications and the 3,000 drafts).

    nice python3 bench/bench_cron.py [--pairs 5] [--quick] [--apps 1000] [--only apps,imap]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calendar_corpus import NOW, calendar  # noqa: E402
from calendar_runs import MAILFLOW, NAIVE, PYTHON, REPO, Outcome, median, run, write_home, xdg  # noqa: E402

NOW_LOCAL = "2026-11-25T13:00"  # NOW in New York, the config's zone
LOOKBACK, LOOKAHEAD, MARGIN = timedelta(days=14), timedelta(days=30), timedelta(days=7)
#: the ``mailflow`` command as installed: its entry point, the short way included
ENTRY = textwrap.dedent("""\
    import sys
    sys.argv = ["mailflow", *sys.argv[1:]]
    from mailflow.quick import main
    main()
""")
#: the groups of figures ``--only`` picks from, in the order they run
FIGURES = ("startup", "years", "change", "maildir", "imap", "apps")
#: singles per year of calendar (the 5-year corpus has 20,000)
PER_YEAR = 4000


class Figure:
    def __init__(self, label: str, note: str = ""):
        self.label, self.note = label, note
        self.a: list[Outcome] = []
        self.b: list[Outcome] = []

    def row(self) -> str:
        a_cpu = median([o.cpu for o in self.a])
        a_peak = max(o.peak_mb for o in self.a)
        if not self.b:
            return (f"{self.label:52} {'':>24} {a_cpu:9.2f} {a_peak:7.0f} {'':>7}  "
                    f"wall {median([o.seconds for o in self.a]):.1f} s {self.note}")
        ratios = sorted(a.cpu / max(b.cpu, 1e-6) for a, b in zip(self.a, self.b))
        spread = f"{ratios[0]:.2f} / {median(ratios):.2f} / {ratios[-1]:.2f}"
        return (f"{self.label:52} {spread:>24} {a_cpu:9.3f} {a_peak:7.0f} {max(o.peak_mb for o in self.b):7.0f}  "
                f"{self.note}")


def interleave(figure: Figure, pairs: int, a: Callable[[], Outcome], b: Callable[[], Outcome] | None,
               before_a: Callable[[], None] = lambda: None) -> Figure:
    for _ in range(pairs):
        before_a()
        out = a()
        assert out.exit == 0, (figure.label, out.stdout[-1500:], out.stderr[-1500:])
        figure.a.append(out)
        if b is not None:
            other = b()
            assert other.exit == 0, (figure.label, other.stderr[-1500:])
            figure.b.append(other)
    print("  " + figure.row(), flush=True)
    return figure


#: run mailflow through ``mailflow.cli.main`` rather than the installed command (``--through-cli``)
THROUGH_CLI = False


def mailflow(root: Path, *args: str, entry: bool | None = None, timeout: float = 600) -> Outcome:
    """``mailflow ARGS`` in ``root``; ``entry`` True: always the installed command (the short way)."""
    entry = not THROUGH_CLI if entry is None else entry
    return run(ENTRY if entry else MAILFLOW, "--config", str(root / "config.toml"), *args, "--now", NOW_LOCAL,
               cwd=root, env=xdg(root), timeout=timeout, memory_mb=4096)


def fresh(root: Path) -> None:
    """Forget everything a run wrote: state, caches, drafts."""
    for name in ("state.db", "state.db-wal", "state.db-shm", "xdg", "drafts"):
        target = root / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


def floor(root: Path, ics: Path) -> Outcome:
    start, end = NOW - LOOKBACK - MARGIN, NOW + LOOKAHEAD + MARGIN
    return run(NAIVE, str(ics), start.isoformat(), end.isoformat(), cwd=root, timeout=900, memory_mb=4096)


def calendar_home(root: Path, years: float) -> Path:
    root.mkdir(parents=True)
    (root / "calendar.ics").write_text(calendar(int(PER_YEAR * years), years=years), encoding="utf-8", newline="")
    write_home(root)
    return root / "calendar.ics"


# ---- homes with many applications, drafts and messages ------------------------------------

def interviews_calendar(count: int) -> str:
    """``count`` interviews with three interviewers each, all over a day before NOW (so the
    remark deadline has passed and every note is drafted) and within the last week."""
    fmt = "%Y%m%dT%H%M%SZ"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN"]
    for i in range(count):
        start = NOW - timedelta(days=2 + (i % 4), hours=i % 9)
        lines += ["BEGIN:VEVENT", f"UID:iv-{i}@bench", "DTSTAMP:20261101T000000Z", f"DTSTART:{start:{fmt}}",
                  f"DTEND:{start + timedelta(hours=1):{fmt}}", f"SUMMARY:Interview with Company{i}",
                  f"DESCRIPTION:Role: Data Engineer {i % 17}",
                  f"ORGANIZER;CN=Recruiter {i}:mailto:rec@company{i}.example",
                  "ATTENDEE;CN=Me;PARTSTAT=ACCEPTED:mailto:me@bench.example",
                  *[f"ATTENDEE;CN={first} {last}{i}:mailto:{first.lower()}@company{i}.example"
                    for first, last in (("Ana", "Lima"), ("Raj", "Patel"), ("Zoe", "Muller"))],
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def applications_home(root: Path, count: int, inbox: bool = False) -> None:
    root.mkdir(parents=True)
    (root / "calendar.ics").write_text(interviews_calendar(count), encoding="utf-8", newline="")
    extra = ""
    if inbox:
        for folder in ("inbox", "sent"):
            for sub in ("cur", "new", "tmp"):
                (root / folder / sub).mkdir(parents=True)
    config = write_home(root)
    if inbox:
        text = config.read_text().replace('path = "drafts"\n', 'path = "drafts"\nsent = "sent"\ninbox = "inbox"\n')
        config.write_text(text + extra)


def send_all_drafts(root: Path) -> None:
    """The user sends every draft: each moves from the drafts to the sent folder, seen."""
    for sub in ("cur", "new"):
        for path in (root / "drafts" / sub).iterdir():
            path.rename(root / "sent" / "cur" / (path.name.split(":")[0] + ":2,S"))


def incoming(count: int, *, seed: int = 0):
    """(index, text, when) of ``count`` messages as they come on a busy week: newsletters,
    colleagues, shops; none of them a reply to a thank-you."""
    when = NOW - timedelta(hours=12)
    for i in range(count):
        sender = (f"news{i % 40}@letters.example", f"colleague{i % 25}@work.example",
                  f"noreply@shop{i % 13}.example")[i % 3]
        at = when + timedelta(seconds=7 * i)
        text = (f"From: Sender {i} <{sender}>\nTo: me@bench.example\n"
                f"Subject: Update number {i}\nDate: {at.strftime('%a, %d %b %Y %H:%M:%S +0000')}\n"
                f"Message-ID: <m{seed}.{i}@bench.example>\nReceived: from mx.example by mx.bench.example; "
                f"Tue, 24 Nov 2026 10:00:00 +0000\nDKIM-Signature: v=1; a=rsa-sha256; d=letters.example; "
                f"s=s1; b=abc{i}\n\n" + "Hello, here is this week's update.\n" * 20)
        yield i, text, at


def receive(root: Path, count: int, *, seed: int = 0) -> None:
    """``count`` messages in the Maildir inbox (``incoming``)."""
    for i, text, _ in incoming(count, seed=seed):
        (root / "inbox" / "cur" / f"{1796000000 + i}.M{i}P{seed}.bench:2,S").write_text(text, encoding="utf-8")


def imap_homes(root: Path, server) -> tuple[Path, Path]:
    """Two homes on accounts of their own on ``server`` (a real Dovecot): 10 applications,
    their thank-yous sent, 50 messages in INBOX; the second gets 5,000 more. Each home ran
    once after its mail came (and read it)."""
    from tests.harness.mail_clients import ImapClient

    homes = []
    for name, more in (("imap-quiet", 0), ("imap-busy", 5000)):
        home = root / name
        applications_home(home, 10)
        client = ImapClient.new(server)
        config = home / "config.toml"
        text = config.read_text().replace('[mail]\nbackend = "maildir"\n[mail.maildir]\npath = "drafts"\n', "")
        config.write_text(text + "\n" + client.mail_config())
        assert mailflow(home, "run").exit == 0
        for draft in client.drafts():
            client.send_as_written(draft["X-Mailflow-Key"], at=NOW)
        assert mailflow(home, "run").exit == 0
        with client.connect() as conn:
            for seed, count in ((0, 50), (1, more)):
                for _, message, at in incoming(count, seed=seed):
                    typ, data = conn.append("INBOX", None, at, message.replace("\n", "\r\n").encode())
                    assert typ == "OK", data
        assert mailflow(home, "run").exit == 0  # reads what came
        homes.append(home)
    return homes[0], homes[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=5, help="A/B pairs per figure")
    parser.add_argument("--quick", action="store_true", help="3 pairs, no 10-year calendar")
    parser.add_argument("--apps", type=int, default=1000, help="applications in the big home")
    parser.add_argument("--only", default=",".join(FIGURES),
                        help=f"comma-separated figures to run, of: {', '.join(FIGURES)}")
    parser.add_argument("--through-cli", action="store_true",
                        help="run mailflow.cli.main from a script, not the installed command")
    args = parser.parse_args()
    global THROUGH_CLI
    THROUGH_CLI = args.through_cli
    only = set(args.only.split(","))
    if only - set(FIGURES):
        parser.error(f"--only: unknown {', '.join(sorted(only - set(FIGURES)))}; known: {', '.join(FIGURES)}")
    pairs = 3 if args.quick else args.pairs
    years = (1, 2, 5) if args.quick else (1, 2, 5, 10)
    print(f"Python {sys.version.split()[0]} ({PYTHON}); CPU ratios A/B, min / median / max of {pairs} pairs\n")
    print(f"  {'figure (A vs B)':52} {'A/B cpu min/med/max':>24} {'A cpu s':>9} {'A MiB':>7} {'B MiB':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        nothing = root / "pass"
        nothing.mkdir()
        python_pass = lambda: run("pass", cwd=nothing)  # noqa: E731

        # start-up: a small home (a 1-year calendar, a few interviews), already run
        if "startup" in only:
            small = root / "small"
            calendar_home(small, 0.25)
            assert mailflow(small, "run").exit == 0
            assert mailflow(small, "run", "--quiet").exit == 0  # leaves the stamp
            interleave(Figure("no-change `run --quiet` (stamp) vs python -c pass"), max(pairs, 10),
                       lambda: mailflow(small, "run", "--quiet", entry=True), python_pass)
            interleave(Figure("no-change `run` (full pipeline) vs python -c pass",
                              "what a run over a server's calendar or mailbox costs before it asks"),
                       max(pairs, 10), lambda: mailflow(small, "run"), python_pass)

        for y in years if "years" in only else ():
            home = root / f"years-{y}"
            ics = calendar_home(home, y)
            interleave(Figure(f"first run, {y}-year calendar ({ics.stat().st_size / 1e6:.0f} MB) vs floor"),
                       pairs, lambda home=home: mailflow(home, "run"), lambda home=home, ics=ics: floor(home, ics),
                       before_a=lambda home=home: fresh(home))
        if "change" in only:
            change_figure(root, pairs)
        if "maildir" in only:
            maildir_figure(root, pairs)
        if "imap" in only:
            imap_figure(root, pairs)
        if "apps" in only:
            apps_figures(root, pairs, args.apps)


def change_figure(root: Path, pairs: int) -> None:
    """A change inside the window, on 5 years: alternate two versions of the file."""
    home = root / "years-5"
    if not home.exists():
        calendar_home(home, 5)
    ics = home / "calendar.ics"
    base = ics.read_text(encoding="utf-8")
    near = base.replace("END:VCALENDAR\r\n", "BEGIN:VEVENT\r\nUID:near@bench\r\nDTSTAMP:20261125T000000Z\r\n"
                        "DTSTART:20261127T150000Z\r\nDTEND:20261127T160000Z\r\nSUMMARY:Dentist\r\n"
                        "END:VEVENT\r\nEND:VCALENDAR\r\n")
    versions = [near, base]
    assert mailflow(home, "run").exit == 0

    def change() -> None:
        versions.reverse()
        ics.write_text(versions[0], encoding="utf-8", newline="")
    interleave(Figure("run after a change inside the window (5 years) vs floor"), pairs,
               lambda: mailflow(home, "run"), lambda: floor(home, ics), before_a=change)


def maildir_figure(root: Path, pairs: int) -> None:
    """+5,000 messages on the Maildir, read by the run before."""
    quiet_box, busy_box = root / "inbox-quiet", root / "inbox-busy"
    for box in (quiet_box, busy_box):
        applications_home(box, 10, inbox=True)
        assert mailflow(box, "run").exit == 0
        send_all_drafts(box)
        assert mailflow(box, "run").exit == 0
        receive(box, 50)
    receive(busy_box, 5000, seed=1)
    for box in (quiet_box, busy_box):
        assert mailflow(box, "run").exit == 0  # reads what came
    # cron's next run comes a minute later at the soonest: by then the inbox folders have
    # stood still long enough for their listing to be trusted (maildir._SETTLED_NS), and
    # the runs after it list nothing; a run seconds after new mail lists and stats it all
    time.sleep(6)
    for box in (quiet_box, busy_box):
        assert mailflow(box, "run").exit == 0  # the next cron run
    interleave(Figure("no-change run, Maildir inbox +5,000 read messages vs without"), pairs,
               lambda: mailflow(busy_box, "run"), lambda: mailflow(quiet_box, "run"))


def imap_figure(root: Path, pairs: int) -> None:
    """The same on IMAP, a real Dovecot started as the tests start it."""
    sys.path.insert(0, str(REPO))
    from tests.harness.servers import DOVECOT, Dovecot

    if DOVECOT is None:
        print("  (no IMAP figure: dovecot is not installed)")
    else:
        server = Dovecot(root / "dovecot")
        server.start()
        try:
            quiet_imap, busy_imap = imap_homes(root, server)
            interleave(Figure("no-change run, IMAP INBOX +5,000 read messages vs without"), pairs,
                       lambda: mailflow(busy_imap, "run"), lambda: mailflow(quiet_imap, "run"))
        finally:
            server.stop()


def apps_figures(root: Path, pairs: int, apps: int) -> None:
    """1,000 applications x 3 interviewers, then 3,000 drafts vs 30."""
    big, few = root / f"apps-{apps}", root / "apps-10"
    applications_home(big, apps)
    applications_home(few, 10)
    first = Figure(f"first run, {apps:,} applications x 3 interviewers (A alone)")
    interleave(first, 1, lambda: mailflow(big, "run", "--json"), None)
    assert mailflow(few, "run").exit == 0
    drafts = sum(1 for sub in ("cur", "new") for _ in (big / "drafts" / sub).iterdir())
    # as for the inbox: cron's next run comes a minute later at the soonest, when the drafts
    # folder has stood still long enough for its listing to be trusted; that run reads the
    # drafts written by the first (and finds them as recorded), the runs after it list them
    time.sleep(6)
    for home in (big, few):
        assert mailflow(home, "run").exit == 0  # the next cron run
    interleave(Figure(f"no-change run, {drafts:,} drafts vs 30"), pairs,
               lambda: mailflow(big, "run"), lambda: mailflow(few, "run"))


if __name__ == "__main__":
    main()
