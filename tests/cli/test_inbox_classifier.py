"""The second inbox reader through the command line: its model is opened only when a new
message leaves the rules unsure, and `mailflow inbox` says when it decided."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.harness.calendars import REPO
from tests.harness.home import run
from tests.harness.mail_clients import maildir_setup

AFTER = "2026-11-03T18:00"

#: runs the CLI, then says how often the shipped model was read in that process
_LOADS = ("import sys; from mailflow.cli import main\n"
          "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
          "import mailflow.inbox_model as m\n"
          "print('LOADS', m.load.cache_info().misses)")


def _loads(home, now: str) -> int:
    env = home.child_env(MAILFLOW_CONFIG=str(home.config))
    out = subprocess.run([sys.executable, "-c", _LOADS, "run", "--now", now], capture_output=True, text=True,
                         cwd=REPO, env=env).stdout
    return int(next(x for x in out.splitlines() if x.startswith("LOADS")).split()[1])


def _sent_thank_yous(home):
    """The interview is over and the user sent its thank-yous: the company's mail is read."""
    mail = maildir_setup(home)
    iv = home.interview_id(now=AFTER)
    home.cli("remark", iv, "--by", "Ana Lima", "latency budgets are product decisions", "--now", AFTER)
    home.cli("remark", iv, "--by", "Raj Patel", "on-call is shared by every team", "--now", AFTER)
    run(home, AFTER)
    mail.send("thank_you", "ana.lima@acme.example", "2026-11-04T08:00")
    mail.send("thank_you", "raj.patel@acme.example", "2026-11-04T08:05")
    return mail


def test_a_run_with_no_new_mail_never_reads_the_classifier_model(home):
    mail = _sent_thank_yous(home)
    assert _loads(home, "2026-11-04T09:00") == 0
    # a message the rules leave unsure opens it (one the rules are sure of does not:
    # tests/unit/test_inbox_reader.py)
    mail.receive("Ana Lima <ana.lima@acme.example>", "Re: thanks", "2026-11-04T12:00",
                 "Hi Alex,\n\nthanks a lot for your note, good to hear from you.\n\nAna")
    assert _loads(home, "2026-11-04T13:00") == 1


def test_inbox_says_when_the_classifier_decided_and_why(home):
    mail = _sent_thank_yous(home)
    mail.receive("Ana Lima <ana.lima@acme.example>", "Re: thanks", "2026-11-04T12:00", CLASSIFIER_ONLY)
    mail.receive("Ana Lima <ana.lima@acme.example>", "Your application", "2026-11-04T12:30",
                 "Hi Alex,\n\nunfortunately we have decided not to move forward with your application.\n\nAna")
    run(home, "2026-11-04T13:00")
    result = home.cli("inbox", "--json", "--now", "2026-11-04T13:00")
    read = {m["subject"]: m for m in json.loads(result.output)["messages"]}
    by_classifier, by_rules = read["Re: thanks"], read["Your application"]
    assert by_rules["decided_by"] == "rules" and by_rules["class"] == "rejection"
    assert by_classifier["decided_by"] == "classifier" and by_classifier["class"] == CLASSIFIER_CLASS
    assert by_classifier["evidence"].startswith("classifier 0.") and ": words " in by_classifier["evidence"]
    text = home.cli("inbox", "--now", "2026-11-04T13:00").output
    assert f"because: {by_classifier['evidence']} (the rules found no phrase that decides)" in text


#: a message the rules read as a plain reply and the classifier as a scheduling request
CLASSIFIER_CLASS = "scheduling"
CLASSIFIER_ONLY = ("Hi Alex,\n\nare you around for a quick 30-minute chat with our CTO? Tuesday afternoon or Thursday "
                   "morning would suit us, just send me what works.\n\nAna")
