"""How the thank-you notes read that mailflow composes from remarks typed every way people type them.

Run from the repository root::

    python bench/bench_letters.py [--corpus bench/letters/remarks.toml] [--only GLOB] [--grammar] [-v] [--json]

For each interview of the corpus (format: ``bench/letters/README.md``) it makes a scratch
mailflow home (config, an ICS calendar holding that one invite, a Maildir), and then does what
a user does, through mailflow's command line (click's runner in this process):

1. ``mailflow scan`` so the interview is known (for a later round, "acme-2", first a scan of the
   earlier round "acme" alone at its time, as the user's mailflow saw it then);
2. ``mailflow remark INTERVIEW --by WHO [--as FORM] [--kind KIND] [--file FILE] TEXT`` for each
   earlier note of a case (``with``), then for the case itself (a small file is made for ``file``);
3. ``mailflow run`` two hours after the interview ends, which writes the thank-you drafts;
4. ``mailflow proofread DRAFT --json`` on the case's draft, and, with ``--grammar``, the grammar
   layer (``mailflow.proofread.grammar_layer``) on its text; then its ``must``/``must_not``.

A case with ``expect = "refuse"`` passes when ``remark`` exits non-zero saying how to phrase it
and no draft carries the text.

It prints findings per 100 composed letters, per family (the id's prefix) and per kind of
finding, and every failing case with what was wrong (``-v``: the composed text too).
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import mailbox
import re
import sys
import tempfile
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.policy import default as default_policy
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CORPUS = REPO / "bench" / "letters" / "remarks.toml"
ME = "alex@candidate.example"
MY_NAME = "Alex Candidate"

CONFIG = f"""\
[profile]
name = "{MY_NAME}"
email = "{ME}"
signature = "{MY_NAME}"

[[calendars]]
type = "ics"
path = "calendar.ics"

[mail]
backend = "maildir"
[mail.maildir]
path = "drafts"

[state]
path = "state.db"

[policy]
timezone = "America/New_York"

# what this user's invites call their interviews beyond mailflow's own keywords
[detect]
keywords = ["loop", "panel", "final", "shadow shift", "lab visit", "design critique", "systems design",
            "final conversation", "chat"]
"""


@dataclass
class Outcome:
    case: dict
    text: str = ""
    findings: list[str] = field(default_factory=list)   # "kind: message"

    @property
    def family(self) -> str:
        return self.case["id"].split("-", 1)[0]


def _ics_time(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    out, data = [], line.encode("utf-8")
    while len(data) > 73:
        cut = 73
        while (data[cut] & 0xC0) == 0x80:
            cut -= 1
        out.append(data[:cut].decode("utf-8"))
        data = b" " + data[cut:]
    out.append(data.decode("utf-8"))
    return out


def _person(entry: str) -> tuple[str, str]:
    found = re.match(r"^\s*(.*?)\s*<([^>]+)>\s*$", entry)
    return (found.group(1), found.group(2)) if found else ("", entry.strip())


def calendar(interview: dict) -> str:
    """The interview as an invite: the user and the interviewers attend (a room is a resource)."""
    start = datetime.fromisoformat(interview["start"])
    end = start + timedelta(minutes=interview["minutes"])
    lines = ["BEGIN:VEVENT", f"UID:{interview['id']}@letters.bench", "DTSTAMP:20260101T000000Z",
             f"DTSTART:{_ics_time(start)}", f"DTEND:{_ics_time(end)}", f"SUMMARY:{_escape(interview['title'])}"]
    if interview.get("description"):
        lines.append(f"DESCRIPTION:{_escape(interview['description'])}")
    if interview.get("organizer"):
        name, addr = _person(interview["organizer"])
        lines.append(f"ORGANIZER;CN={name}:mailto:{addr}")
    lines.append(f"ATTENDEE;CN={MY_NAME};PARTSTAT=ACCEPTED:mailto:{ME}")
    for entry in interview["interviewers"]:
        name, addr = _person(entry)
        room = ";CUTYPE=ROOM" if re.search(r"\b(?:room|resource)\b", f"{name} {addr}", re.IGNORECASE) else ""
        cn = f";CN=\"{name}\"" if name else ""
        lines.append(f"ATTENDEE{cn}{room};PARTSTAT=ACCEPTED:mailto:{addr}")
    lines.append("END:VEVENT")
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//mailflow letters bench//EN"]
    for line in lines:
        body += _fold(line)
    body.append("END:VCALENDAR")
    return "\r\n".join(body) + "\r\n"


class Home:
    def __init__(self, root: Path):
        from click.testing import CliRunner

        self.root = root
        self.runner = CliRunner()
        (root / "config.toml").write_text(CONFIG, encoding="utf-8")

    def cli(self, *args: str, now: str):
        from mailflow.cli import main

        env = {name: str(self.root / "xdg" / name.lower()) for name in
               ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")}
        return self.runner.invoke(main, ["--config", str(self.root / "config.toml"), *args, "--now", now],
                                  env=env, catch_exceptions=True)

    def drafts(self) -> dict[str, object]:
        box = mailbox.Maildir(self.root / "drafts", create=False) if (self.root / "drafts").exists() else None
        out = {}
        for key in (box.keys() if box is not None else []):
            msg = box[key]
            to = str(msg["To"]).split("<")[-1].rstrip(">").strip().lower()
            out[to] = (Path(box._path) / box._lookup(key), msg)
        return out


def note_text(path: Path) -> str:
    """The draft's greeting and body, without the sign-off and signature."""
    import email

    msg = email.message_from_bytes(path.read_bytes(), policy=default_policy)
    part = msg.get_body(("plain",)) if msg.is_multipart() else msg
    body = part.get_content()
    lines = body.rstrip().split("\n")
    # the sign-off ("Best regards,") and the signature end the note
    for i in range(len(lines) - 1, -1, -1):
        if re.match(r"^[A-Z][\w ]+,$", lines[i].strip()) and i >= len(lines) - 4:
            return "\n".join(lines[:i]).strip()
    return body.strip()


def _address_of(interview: dict, by: str) -> str:
    if "@" in by:
        return by.strip("<> ").lower()
    for entry in interview["interviewers"]:
        name, addr = _person(entry)
        if not name.split():  # an interviewer given by address alone
            continue
        if name.lower() == by.lower() or name.split()[0].lower() == by.lower() or by.lower() in name.lower():
            return addr.lower()
    return ""


def remark_args(interview_id: str, by: str, item: dict, folder: Path) -> list[str]:
    args = ["remark", interview_id, item["text"], "--by", by]
    if item.get("kind", "remark") != "remark":
        args += ["--kind", item["kind"]]
    if item.get("form"):
        args += ["--as", item["form"]]
    if item.get("file"):
        path = folder / item["file"]
        path.write_bytes(b"%PDF-1.4\n% a small file the user attaches\n" if path.suffix == ".pdf"
                         else b"a small file the user attaches\n")
        args += ["--file", str(path)]
    return args


def run_interview(interview: dict, cases: list[dict], grammar, earlier: list[dict] = ()) -> list[Outcome]:

    outcomes = []
    with tempfile.TemporaryDirectory(prefix="letters-") as scratch:
        root = Path(scratch)
        home = Home(root)
        # a later round ("acme-2") comes after the earlier one ("acme"), which mailflow saw
        # when it was on the calendar: the application is in the store
        for before_this in earlier:
            (root / "calendar.ics").write_text(calendar(before_this), encoding="utf-8")
            home.cli("scan", now=(datetime.fromisoformat(before_this["start"]) - timedelta(hours=1)).isoformat())
        (root / "calendar.ics").write_text(calendar(interview), encoding="utf-8")
        start = datetime.fromisoformat(interview["start"])
        before = (start - timedelta(hours=1)).isoformat()
        after_start = (start + timedelta(minutes=interview["minutes"], hours=2))
        after = after_start.isoformat()
        scanned = home.cli("scan", "--json", now=before)
        if scanned.exit_code != 0:
            return [Outcome(c, findings=[f"setup: scan failed: {scanned.output.strip()}"]) for c in cases]
        events = [e for e in json.loads(scanned.output).get("events", []) if e.get("interview")
                  and str(e.get("uid", "")).startswith(f"{interview['id']}@")]
        if not events:
            return [Outcome(c, findings=["setup: the invite was not read as an interview"]) for c in cases]
        ref = events[0].get("id") or events[0]["uid"]
        results: dict[str, Outcome] = {}
        for case in cases:
            outcome = results[case["id"]] = Outcome(case)
            for item in case.get("with", []):
                done = home.cli(*remark_args(ref, case["by"], item, root), now=after)
                if done.exit_code != 0:
                    outcome.findings.append(f"setup: an earlier note was refused: {done.output.strip()}")
            done = home.cli(*remark_args(ref, case["by"], case, root), "--json", now=after)
            if case.get("expect") == "refuse":
                if done.exit_code == 0:
                    outcome.findings.append("refuse: remark accepted text that cannot make a sentence")
                elif not re.search(r"\b(?:try|write|say|phrase|give|e\.g\.|for example|such as)\b",
                                   done.output, re.IGNORECASE):
                    outcome.findings.append(f"refuse: the refusal does not say how to phrase it: {done.output.strip()}")
            elif done.exit_code != 0:
                outcome.findings.append(f"refused: {done.output.strip()[:200] or repr(done.exception)}")
        ran = home.cli("run", now=(after_start + timedelta(minutes=5)).isoformat())
        if ran.exit_code not in (0, 1):
            for o in results.values():
                o.findings.append(f"setup: run failed ({ran.exit_code}): {ran.output.strip()[:300]}")
        drafts = home.drafts()
        for case in cases:
            outcome = results[case["id"]]
            address = _address_of(interview, case["by"])
            found = drafts.get(address)
            if case.get("expect") == "refuse":
                texts = [note_text(p) for p, _ in drafts.values()]
                if len(case["text"].strip()) >= 3 and any(case["text"].strip() in t for t in texts):
                    outcome.findings.append("refuse: a draft carries the refused text")
                outcomes.append(outcome)
                continue
            if found is None:
                outcome.findings.append(f"missing: no draft to {address or case['by']}")
                outcomes.append(outcome)
                continue
            path, _ = found
            outcome.text = note_text(path)
            for bad in case.get("must_not", []):
                if bad in outcome.text:
                    outcome.findings.append(f"must_not: {bad!r}")
            for good in case.get("must", []):
                if good not in outcome.text:
                    outcome.findings.append(f"must: {good!r} missing")
            proof = home.cli("proofread", str(path), "--json", now=after_start.isoformat())
            try:
                report = json.loads(proof.output)
            except ValueError:
                outcome.findings.append(f"proofread: no report ({proof.exit_code}): {proof.output.strip()[:200]}")
            else:
                for f in report.get("findings", []):
                    outcome.findings.append(f"proofread {f.get('severity')} {f.get('check')}: {f.get('message')}")
            if grammar is not None:
                for lint in grammar(outcome.text):
                    outcome.findings.append(f"grammar: {lint}")
            outcomes.append(outcome)
    return outcomes


def load(path: Path) -> tuple[dict, list[dict]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {i["id"]: i for i in data["interview"]}, data["case"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--only", default="*", help="case ids matching this glob")
    parser.add_argument("--grammar", action="store_true", help="also run the grammar layer on each note")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)

    interviews, cases = load(args.corpus)
    cases = [c for c in cases if fnmatch.fnmatch(c["id"], args.only)]
    grammar = None
    if args.grammar:
        from mailflow.proofread.grammar_layer import lints

        grammar = lints
    by_interview: dict[str, list[dict]] = defaultdict(list)
    for case in cases:
        by_interview[case["interview"]].append(case)
    outcomes: list[Outcome] = []
    for iid, group in by_interview.items():
        base = re.sub(r"-\d+$", "", iid)
        earlier = [interviews[base]] if base != iid and base in interviews else []
        outcomes += run_interview(interviews[iid], group, grammar, earlier)

    letters = [o for o in outcomes if o.case.get("expect") != "refuse"]
    findings = sum(len(o.findings) for o in outcomes)
    failing = [o for o in outcomes if o.findings]
    families: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        families[o.family].append(o)
    kinds = Counter(f.split(":", 1)[0] for o in outcomes for f in o.findings)
    summary = {
        "cases": len(outcomes), "letters": len(letters), "findings": findings,
        "per_100_letters": round(100 * findings / max(len(outcomes), 1), 1),
        "cases_passed": len(outcomes) - len(failing),
        "families": {k: {"cases": len(v), "failing": sum(1 for o in v if o.findings),
                         "findings": sum(len(o.findings) for o in v)} for k, v in sorted(families.items())},
        "by_finding": dict(kinds.most_common()),
    }
    if args.json:
        summary["failing"] = [{"id": o.case["id"], "findings": o.findings, "text": o.text} for o in failing]
        print(json.dumps(summary, indent=2, ensure_ascii=False))
        return 0
    for o in failing:
        print(f"- {o.case['id']}: " + "; ".join(o.findings))
        if args.verbose and o.text:
            print("    " + o.text.replace("\n", "\n    "))
    print()
    print(f"{args.corpus.relative_to(REPO) if args.corpus.is_relative_to(REPO) else args.corpus}: "
          f"{summary['cases']} cases, {summary['cases_passed']} passed; {findings} findings, "
          f"{summary['per_100_letters']} per 100 cases")
    print(f"{'family':10} {'cases':>5} {'failing':>7} {'findings':>8} {'per 100':>7}")
    for name, row in summary["families"].items():
        print(f"{name:10} {row['cases']:5} {row['failing']:7} {row['findings']:8} "
              f"{100 * row['findings'] / row['cases']:7.1f}")
    print("by finding: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
