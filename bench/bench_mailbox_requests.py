"""HTTP requests of a `mailflow run` that finds nothing new, on Gmail and Outlook. Prints figures; asserts nothing.

Runs the real command line against the loopback fakes of Google and Microsoft Graph
(tests/fakes), which count every request. For each number of applications: one interview
per company with two interviewers, the thank-yous drafted, the user sends one of each
pair from the web client (a new Message-ID, our header gone), the next run sees them sent;
then two runs with nothing new are counted. Mailbox requests are those to Gmail or to
Graph mail (messages, folders, $batch); the calendar's are shown apart.

    python3 bench/bench_mailbox_requests.py [--applications 3 30]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NY = ZoneInfo("America/New_York")
END = datetime(2026, 12, 2, 16, 0, tzinfo=NY)  # every interview ends Wed 2 Dec, 16:00 New York
DRAFTED = "2026-12-03T19:00"  # 27 h later: the thank-yous are drafted (with a placeholder)
SENT = "2026-12-03T20:00"
STEPS = ("2026-12-03T21:00", "2026-12-03T22:00", "2026-12-03T23:00")  # sent seen, then nothing new twice


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=NY)


def people(i: int) -> list[tuple[str, str]]:
    return [(f"ana{i}@company{i}.example", f"Ana Number{i}"), (f"bo{i}@company{i}.example", f"Bo Number{i}")]


class Counting:
    """Wraps a fake's HTTP app: counts top-level requests (a $batch once) by path."""

    def __init__(self, server):
        self.app = server.httpd.app
        self.paths: Counter[str] = Counter()
        server.httpd.app = self

    def __call__(self, request):
        self.paths[request.path] += 1
        return self.app(request)


def run(config: Path, now: str) -> dict:
    from click.testing import CliRunner

    from mailflow.cli import main

    result = CliRunner().invoke(main, ["--config", str(config), "run", "--json", "--now", now],
                                catch_exceptions=False)
    if result.exit_code != 0:
        raise SystemExit(f"run at {now} exited {result.exit_code}:\n{result.output}")
    return json.loads(result.output)


def gmail(applications: int) -> list[tuple[Counter, Counter]]:
    from tests.fakes.google import running
    from tests.harness.google import google_home

    with running() as fake, tempfile.TemporaryDirectory() as tmp:
        for i in range(applications):
            fake.add_event("primary", {
                "id": f"ev{i}", "summary": f"Interview with Company{i}: Backend Engineer",
                "start": {"dateTime": (END - timedelta(hours=1)).isoformat()}, "end": {"dateTime": END.isoformat()},
                "organizer": {"email": f"rita{i}@company{i}.example", "displayName": f"Rita Number{i}"},
                "attendees": [{"email": "me@example.com", "self": True, "responseStatus": "accepted"},
                              *({"email": a, "displayName": n, "responseStatus": "accepted"} for a, n in people(i))],
            })
        config = google_home(Path(tmp), fake).config
        fake.set_time(at(DRAFTED))
        run(config, DRAFTED)
        fake.set_time(at(SENT))
        for i in range(applications):
            (draft,) = [m for m in fake.draft_messages() if f"ana{i}@" in m.header("To")]
            fake.user_sends_from_web(fake.draft_id_of(draft.header("X-Mailflow-Key")))
        counted = []
        http = Counting(fake.server)
        for step in STEPS:
            fake.set_time(at(step))
            http.paths.clear()
            fake.reset_counts()
            run(config, step)
            counted.append((Counter(http.paths), Counter(fake.counts)))
        return counted


def outlook(applications: int) -> list[tuple[Counter, Counter]]:
    from tests.fakes.graph import running
    from tests.harness.home import Home
    from tests.harness.microsoft import graph_event, write_outlook_config

    with tempfile.TemporaryDirectory() as tmp:
        with running(Path(tmp)) as fake:
            os.environ["REQUESTS_CA_BUNDLE"] = str(fake.cert)
            home = Home(Path(tmp))
            config = write_outlook_config(home, fake)
            fake.pending_polls = 0
            signed = home.cli("auth", "outlook")
            if signed.exit_code != 0:
                raise SystemExit(signed.output)
            for i in range(applications):
                fake.put_event(graph_event(
                    f"ev{i}", f"Interview with Company{i}: Backend Engineer", END - timedelta(hours=1), END,
                    organizer=(f"rita{i}@company{i}.example", f"Rita Number{i}"),
                    attendees=[("me@example.com", "Test User", "required", "accepted"),
                               *((a, n, "required", "accepted") for a, n in people(i))]))
            fake.advance(at(DRAFTED))
            run(config, DRAFTED)
            fake.advance(at(SENT))
            for i in range(applications):
                (draft,) = [m for m in fake.messages.values() if m.folder == "drafts"
                            and m.data["toRecipients"][0]["emailAddress"]["address"] == f"ana{i}@company{i}.example"]
                fake.user_sends_from_web(draft)
            counted = []
            for step in STEPS:
                fake.advance(at(step))
                fake.clear_log()
                run(config, step)
                top = Counter(r.path for r in fake.log if r.server == "graph")
                inner = Counter(r.path for r in fake.log if r.server == "batch")
                counted.append((top, inner))
            return counted


def mail_paths(paths: Counter, backend: str) -> Counter:
    if backend == "gmail":
        return Counter({p: n for p, n in paths.items() if p.startswith("/gmail/") or p == "/batch"})
    return Counter({p: n for p, n in paths.items() if "/messages" in p or "/mailFolders" in p or "$batch" in p})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, nargs="+", default=[3, 30])
    args = parser.parse_args()
    print("requests of `mailflow run` with nothing new (after the thank-yous were drafted, "
          "one of each pair sent from the web client, and a run that saw it)\n")
    for backend, scenario in (("gmail", gmail), ("outlook", outlook)):
        for n in args.applications:
            counted = scenario(n)
            for label, (paths, calls) in zip(("sent seen", "no change", "no change again"), counted):
                mail = mail_paths(paths, backend)
                detail = ", ".join(f"{p} {c}" for p, c in sorted(mail.items()))
                calls_note = ""
                if backend == "gmail":
                    inner = sum(c for r, c in calls.items() if r.split(".")[0] in ("drafts", "messages", "history",
                                                                                   "threads", "users"))
                    calls_note = f"; Gmail API calls (quota) {inner}"
                print(f"{backend:8} {n:3} applications, {2 * n:3} thank-yous ({n} sent, {n} drafts): {label:15}"
                      f" mailbox HTTP requests {sum(mail.values()):3} ({detail}){calls_note};"
                      f" calendar {sum(paths.values()) - sum(mail.values())}")
        print()


if __name__ == "__main__":
    main()
