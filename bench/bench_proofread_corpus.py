"""How well ``mailflow proofread`` judges the notes of the proofreading corpus.

Run from the repository root::

    python3 bench/bench_proofread_corpus.py [--subprocess] [--mode hand|draft|both]
                                            [--only GLOB] [--keep DIR] [--json] [-v]

What it does, all through mailflow's command line (click's CliRunner in this process,
or ``python -m mailflow`` per call with ``--subprocess``), so it measures whatever
proofreader is installed:

1. Copies ``bench/corpus/config.toml`` and ``pipeline.ics`` into a scratch folder and
   runs the commands of ``setup.toml`` there (``run``, ``remark``, ``mark-sent``,
   ``rejected``, ``accept`` at fixed ``--now`` times), keeping every draft mailflow
   writes into the Maildir.
2. Writes every note of ``bench/corpus/notes/*.toml`` in two modes:
   ``hand``: as the user would write it, a ``.txt`` whose first lines are
   ``To: Name <addr>`` and ``Subject: ...``, or an ``.eml`` (``format = "eml"``);
   ``draft``: as an edit of the draft mailflow wrote of the same kind to the same
   address: that message, ``X-Mailflow-Key`` and all, with its Subject and text
   replaced by the note's, saved in a Maildir.
3. Runs ``mailflow --config CONFIG proofread FILE --json`` on each (``--kind KIND``
   for hand-written notes, as a user says what they wrote; a draft's kind comes from
   its key) and prints, per fault type and mode, how many notes were caught, and which
   clean notes were flagged, with the findings that flagged them.

A note is caught when the proofreader reports at least one error for it (a warning
is not enough); a clean note is a false positive when it gets any error. "By check"
counts a faulty note only when an error comes from a check meant for that fault
(``faults.toml``), so a note caught for the wrong reason shows up there.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import email.utils
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
KINDS = ("thank_you", "follow_up", "withdrawal", "rejection_reply")
MODES = ("hand", "draft")
FORMATS = ("txt", "eml")


# --------------------------------------------------------------------------- the corpus


@dataclass(frozen=True)
class Fault:
    id: str
    title: str
    checks: tuple[str, ...]  # proofreader checks meant to find it (plus one named like the id)

    def found_by(self, check: str) -> bool:
        return check == self.id or check in self.checks


@dataclass(frozen=True)
class Note:
    id: str
    kind: str
    to: str  # "Name <address>", the name as on the invite
    subject: str
    body: str
    expect: tuple[str, ...]  # fault ids; () = clean
    why: str = ""
    format: str = "txt"  # how the hand-written copy is saved
    modes: tuple[str, ...] = MODES
    source: str = ""  # the file it comes from

    @property
    def address(self) -> str:
        return email.utils.parseaddr(self.to)[1].lower()

    @property
    def clean(self) -> bool:
        return not self.expect


@dataclass
class Corpus:
    faults: list[Fault]
    notes: list[Note]
    problems: list[str] = field(default_factory=list)  # what does not follow the format

    @property
    def faulty(self) -> list[Note]:
        return [n for n in self.notes if not n.clean]

    @property
    def clean(self) -> list[Note]:
        return [n for n in self.notes if n.clean]


_NOTE_KEYS = {"id", "to", "subject", "body", "expect", "why", "format", "modes"}


def load_corpus(root: Path = CORPUS, notes_dir: Path | None = None) -> Corpus:
    """The fault types under ``root`` and the notes under ``notes_dir`` (default
    ``root/notes``); what does not follow the format (README.md there) is listed in
    ``problems`` rather than raised."""
    problems: list[str] = []
    raw_faults = tomllib.loads((root / "faults.toml").read_text(encoding="utf-8")).get("fault", [])
    faults = [Fault(f["id"], f.get("title", ""), tuple(f.get("checks", ()))) for f in raw_faults]
    fault_ids = {f.id for f in faults}
    notes: list[Note] = []
    for path in sorted((notes_dir or root / "notes").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        kind = data.get("kind", "")
        if kind not in KINDS:
            problems.append(f"{path.name}: kind {kind!r} is not one of {', '.join(KINDS)}")
        for i, raw in enumerate(data.get("note", [])):
            where = f"{path.name}: note {raw.get('id') or f'#{i + 1}'}"
            missing = [k for k in ("id", "to", "subject", "body", "expect") if k not in raw]
            unknown = sorted(set(raw) - _NOTE_KEYS)
            if missing:
                problems.append(f"{where}: missing {', '.join(missing)}")
                continue
            if unknown:
                problems.append(f"{where}: unknown keys {', '.join(unknown)}")
            note = Note(
                id=raw["id"], kind=kind, to=raw["to"], subject=raw["subject"], body=raw["body"],
                expect=tuple(raw["expect"]), why=raw.get("why", ""), format=raw.get("format", "txt"),
                modes=tuple(raw.get("modes", MODES)), source=path.name,
            )
            problems += [f"{where}: {p}" for p in _note_problems(note, fault_ids)]
            notes.append(note)
    seen: set[str] = set()
    for note in notes:
        if note.id in seen:
            problems.append(f"note id {note.id!r} is used twice")
        seen.add(note.id)
    return Corpus(faults, notes, problems)


def _note_problems(note: Note, fault_ids: set[str]) -> list[str]:
    out = []
    name, address = email.utils.parseaddr(note.to)
    if not name or "@" not in address:
        out.append(f"`to` must be 'Name <address>', not {note.to!r}")
    unknown = [f for f in note.expect if f not in fault_ids]
    if unknown:
        out.append(f"unknown fault types {', '.join(unknown)} (see faults.toml)")
    if len(set(note.expect)) != len(note.expect):
        out.append("a fault type is listed twice")
    if not note.body.strip() or not note.subject.strip():
        out.append("empty subject or body")
    if note.format not in FORMATS:
        out.append(f"format {note.format!r} is not one of {', '.join(FORMATS)}")
    if not note.modes or any(m not in MODES for m in note.modes):
        out.append(f"modes must be some of {', '.join(MODES)}")
    return out


# --------------------------------------------------------------------------- the command line


class Mailflow:
    """``mailflow --config CONFIG ARGS...`` with its home folders in ``work``."""

    def __init__(self, config: Path, work: Path, use_subprocess: bool):
        self.config = config
        self.use_subprocess = use_subprocess
        # the log and any user-level files stay out of the real home
        self.env = {
            "XDG_STATE_HOME": str(work / "xdg" / "state"),
            "XDG_DATA_HOME": str(work / "xdg" / "data"),
            "XDG_CONFIG_HOME": str(work / "xdg" / "config"),
            "XDG_CACHE_HOME": str(work / "xdg" / "cache"),
        }
        self.unset = ("MAILFLOW_NOW", "MAILFLOW_CONFIG")
        self._runner = None

    def describe(self) -> str:
        try:
            import mailflow
            where = Path(mailflow.__file__).resolve().parent
            version = getattr(mailflow, "__version__", "?")
        except ImportError:
            return "mailflow is not importable from this Python"
        how = "one `python -m mailflow` per call" if self.use_subprocess else "in process, via click's CliRunner"
        return f"mailflow {version} from {where} ({how})"

    def __call__(self, *args: str) -> tuple[int, str, str]:
        argv = ["--config", str(self.config), *args]
        if self.use_subprocess:
            env = {k: v for k, v in os.environ.items() if k not in self.unset} | self.env
            done = subprocess.run([sys.executable, "-m", "mailflow", *argv], capture_output=True,
                                  text=True, encoding="utf-8", env=env)
            return done.returncode, done.stdout, done.stderr
        from mailflow.cli import main

        result = self._cli().invoke(main, argv, env={**self.env, **{k: None for k in self.unset}})
        stderr = ""
        try:
            stderr = result.stderr or ""
        except ValueError:  # click < 8.2 with stderr mixed into the output
            pass
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            import traceback

            stderr += "".join(traceback.format_exception(result.exception))
        return result.exit_code, result.stdout, stderr

    def _cli(self):
        if self._runner is None:
            from click.testing import CliRunner

            try:
                self._runner = CliRunner(mix_stderr=False)  # click < 8.2
            except TypeError:
                self._runner = CliRunner()  # click >= 8.2 keeps them apart
        return self._runner


# --------------------------------------------------------------------------- building the state


@dataclass
class Drafts:
    """The drafts mailflow wrote during setup, by (kind, recipient address)."""

    by_recipient: dict[tuple[str, str], bytes] = field(default_factory=dict)
    setup_problems: list[str] = field(default_factory=list)

    def find(self, kind: str, address: str) -> bytes | None:
        return self.by_recipient.get((kind, address.lower()))


def build_state(work: Path, mailflow: Mailflow) -> Drafts:
    """Run setup.toml's commands in ``work`` (holding a copy of config.toml and
    pipeline.ics); keep the newest draft of each kind to each address, also when a
    later command deletes it (``accept`` deletes unsent follow-ups)."""
    drafts = Drafts()
    maildir = work / "drafts"
    steps = tomllib.loads((work / "setup.toml").read_text(encoding="utf-8"))["step"]
    for step in steps:
        code, out, err = mailflow(*step["args"], "--now", step["now"])
        command = " ".join(step["args"][:2])
        if code != 0:
            drafts.setup_problems.append(f"`{command}` at {step['now']} exited {code}: {(err or out).strip()[-400:]}")
        for line in out.splitlines():
            if "not written" in line:
                drafts.setup_problems.append(f"`{command}` at {step['now']}: {line.strip()}")
        for path in sorted(maildir.glob("*/*")) if maildir.exists() else ():
            if path.parent.name not in ("new", "cur") or not path.is_file():
                continue
            data = path.read_bytes()
            msg = email.message_from_bytes(data, policy=email.policy.default)
            key = str(msg.get("X-Mailflow-Key", ""))
            to = msg["To"].addresses if msg["To"] else ()
            if key and to:
                drafts.by_recipient[(key.split(".", 1)[0], to[0].addr_spec.lower())] = data
    return drafts


# --------------------------------------------------------------------------- writing the notes


def _profile(root: Path) -> Address:
    profile = tomllib.loads((root / "config.toml").read_text(encoding="utf-8"))["profile"]
    return Address(profile["name"], addr_spec=profile["email"])


def _address(text: str) -> Address:
    name, addr = email.utils.parseaddr(text)
    return Address(name, addr_spec=addr)


def write_hand(note: Note, folder: Path) -> Path:
    """The note as the user wrote it: plain text with ``To:`` and ``Subject:`` lines
    first, or an .eml their mail client saved."""
    folder.mkdir(parents=True, exist_ok=True)
    if note.format == "txt":
        path = folder / f"{note.id}.txt"
        path.write_text(f"To: {note.to}\nSubject: {note.subject}\n\n{note.body}", encoding="utf-8")
        return path
    msg = EmailMessage()
    msg["From"] = _profile(folder.parent)  # the work folder holds the corpus config
    msg["To"] = _address(note.to)
    msg["Subject"] = note.subject
    msg.set_content(note.body)
    path = folder / f"{note.id}.eml"
    path.write_bytes(msg.as_bytes())
    return path


def write_edited_draft(note: Note, draft: bytes, maildir: Path, number: int) -> Path:
    """mailflow's draft with its Subject and text replaced by the note's, saved as a
    mail client saves an edited draft: a new file in the Maildir, headers kept."""
    msg = email.message_from_bytes(draft, policy=email.policy.default)
    del msg["Subject"]
    msg["Subject"] = note.subject
    msg.set_content(note.body)
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True, exist_ok=True)
    path = maildir / "cur" / f"{number:04d}.{note.id}.corpus:2,D"
    path.write_bytes(msg.as_bytes())
    return path


# --------------------------------------------------------------------------- proofreading


@dataclass
class Outcome:
    note: Note
    mode: str
    file: str = ""
    findings: list[dict] = field(default_factory=list)
    failure: str = ""  # the command failed or printed no JSON; "" = it ran
    skipped: str = ""  # why the note was not run in this mode

    @property
    def errors(self) -> list[dict]:
        return [f for f in self.findings if f.get("severity") == "error"]

    @property
    def flagged(self) -> bool:
        return not self.failure and not self.skipped and bool(self.errors)

    @property
    def ran(self) -> bool:
        return not self.failure and not self.skipped


def proofread(mailflow: Mailflow, path: Path, kind: str | None, now: str = "") -> tuple[list[dict], str]:
    args = ["proofread", str(path), "--json"] + (["--kind", kind] if kind else []) + (["--now", now] if now else [])
    code, out, err = mailflow(*args)
    try:
        result = json.loads(out)
    except json.JSONDecodeError:
        return [], f"exit {code}, no JSON: {(err or out).strip()[-300:]}"
    return list(result.get("findings", [])), ""


def run_notes(corpus: Corpus, notes: list[Note], modes: tuple[str, ...], work: Path,
              mailflow: Mailflow, drafts: Drafts) -> list[Outcome]:
    outcomes = []
    for number, note in enumerate(notes, 1):
        draft = drafts.find(note.kind, note.address)
        # a note is read as sent when mailflow drafted its own note of that kind to that person
        # (its "today" and "this morning" are that day's); without one, at the real time
        now = _date_of(draft)
        for mode in modes:
            outcome = Outcome(note, mode)
            if mode not in note.modes:
                outcome.skipped = "not written for this mode"
            elif mode == "hand":
                path = write_hand(note, work / "hand")
                outcome.file = str(path)
                outcome.findings, outcome.failure = proofread(mailflow, path, note.kind, now)
            else:
                if draft is None:
                    outcome.skipped = f"mailflow wrote no {note.kind} draft to {note.address}"
                else:
                    path = write_edited_draft(note, draft, work / "edited", number)
                    outcome.file = str(path)
                    outcome.findings, outcome.failure = proofread(mailflow, path, None, now)
            outcomes.append(outcome)
    return outcomes


def _date_of(draft: bytes | None) -> str:
    """The Date of a draft mailflow wrote, as ISO text ("" for none)."""
    if draft is None:
        return ""
    date = email.message_from_bytes(draft, policy=email.policy.default)["Date"]
    return date.datetime.isoformat() if date is not None and date.datetime else ""


# --------------------------------------------------------------------------- the report


def summarise(corpus: Corpus, outcomes: list[Outcome], modes: tuple[str, ...]) -> dict:
    by_mode = {m: [o for o in outcomes if o.mode == m and o.ran] for m in modes}
    seen_checks = {f.get("check") for o in outcomes for f in o.findings}
    table = []
    for fault in corpus.faults:
        row = {"fault": fault.id, "notes": sum(fault.id in n.expect for n in corpus.notes)}
        for mode, done in by_mode.items():
            having = [o for o in done if fault.id in o.note.expect]
            row[mode] = {
                "total": len(having),
                "caught": sum(o.flagged for o in having),
                # None: no check of this proofreader is meant for this fault
                "by_check": sum(any(fault.found_by(f["check"]) for f in o.errors) for o in having)
                if fault.checks or fault.id in seen_checks else None,
            }
        table.append(row)
    totals = {}
    for mode, done in by_mode.items():
        faulty = [o for o in done if not o.note.clean]
        clean = [o for o in done if o.note.clean]
        totals[mode] = {
            "faulty": len(faulty), "caught": sum(o.flagged for o in faulty),
            "clean": len(clean), "false_positives": sum(o.flagged for o in clean),
        }
    return {
        "table": table,
        "totals": totals,
        "false_positives": {m: [_brief(o) for o in done if o.note.clean and o.flagged] for m, done in by_mode.items()},
        "missed": {m: [_brief(o) for o in done if not o.note.clean and not o.flagged] for m, done in by_mode.items()},
        "failures": [_brief(o) | {"failure": o.failure} for o in outcomes if o.failure],
        "skipped": [_brief(o) | {"skipped": o.skipped} for o in outcomes if o.skipped],
    }


def _brief(o: Outcome) -> dict:
    return {"id": o.note.id, "mode": o.mode, "expect": list(o.note.expect), "file": o.file,
            "errors": [{k: f.get(k, "") for k in ("check", "excerpt", "message")} for f in o.errors],
            "warnings": [{k: f.get(k, "") for k in ("check", "excerpt", "message")}
                         for f in o.findings if f.get("severity") != "error"]}


def _ratio(n: int, total: int) -> str:
    return f"{n}/{total}" if total else "-"


def _percent(n: int, total: int) -> str:
    return f"{100 * n / total:.0f}%" if total else "-"


def render(corpus: Corpus, summary: dict, modes: tuple[str, ...], about: str, verbose: bool) -> str:
    faulty, clean = len(corpus.faulty), len(corpus.clean)
    lines = [
        f"Proofreading corpus: {faulty} faulty and {clean} clean notes, {len(corpus.faults)} fault types",
        f"proofreader: {about}",
        "hand  = written by hand: .txt starting 'To: Name <addr>' and 'Subject:' lines, or .eml; run with --kind",
        "draft = mailflow's own draft (X-Mailflow-Key, in a Maildir) with its subject and text replaced",
        "caught = at least one error; by check = an error from a check meant for that fault (faults.toml),",
        "  n/a when no check is meant for it",
        "a note with several faults counts under each of them",
        "",
    ]
    head = f"{'fault type':<26}{'notes':>6}"
    for mode in modes:
        head += f"  {mode + ' caught':>13}{'by check':>10}"
    lines += [head, "-" * len(head)]
    for row in summary["table"]:
        line = f"{row['fault']:<26}{row['notes']:>6}"
        for mode in modes:
            cell = row[mode]
            by_check = "n/a" if cell["by_check"] is None else _ratio(cell["by_check"], cell["total"])
            line += f"  {_ratio(cell['caught'], cell['total']):>13}{by_check:>10}"
        lines.append(line)
    lines.append("-" * len(head))
    for label, n_key, total_key in (("faulty notes caught", "caught", "faulty"),
                                    ("clean notes flagged (FP)", "false_positives", "clean")):
        line = f"{label:<26}{'':>6}"
        for mode in modes:
            t = summary["totals"][mode]
            text = f"{_ratio(t[n_key], t[total_key])} {_percent(t[n_key], t[total_key]):>4}"
            line += f"  {text:>13}{'':>10}"
        lines.append(line)
    for mode in modes:
        fps = summary["false_positives"][mode]
        lines += ["", f"false positives, {mode} ({len(fps)}):"]
        for fp in fps:
            lines.append(f"  {fp['id']}")
            lines += [f"      {e['check']}: {e['message']}" for e in fp["errors"]]
    if verbose:
        for mode in modes:
            missed = summary["missed"][mode]
            lines += ["", f"faulty notes not caught, {mode} ({len(missed)}):"]
            for m in missed:
                warned = "; ".join(f"{w['check']} {w['excerpt']!r}" for w in m["warnings"])
                lines.append(f"  {m['id']} [{', '.join(m['expect'])}]" + (f"  warnings: {warned}" if warned else ""))
    if summary["skipped"]:
        lines += ["", f"not run ({len(summary['skipped'])}):"]
        lines += [f"  {s['id']} ({s['mode']}): {s['skipped']}" for s in summary["skipped"]]
    if summary["failures"]:
        lines += ["", f"proofread failed ({len(summary['failures'])}), counted nowhere:"]
        lines += [f"  {f['id']} ({f['mode']}): {f['failure']}" for f in summary["failures"]]
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subprocess", action="store_true",
                        help="run `python -m mailflow` once per command instead of click's CliRunner")
    parser.add_argument("--mode", choices=(*MODES, "both"), default="both")
    parser.add_argument("--corpus", metavar="DIR", type=Path, default=CORPUS,
                        help="the corpus: pipeline.ics, config.toml, setup.toml, faults.toml and notes/ "
                             "(default: bench/corpus; e.g. bench/proofread_fresh)")
    parser.add_argument("--notes", metavar="DIR", type=Path,
                        help="read the notes from DIR instead of the corpus (same format, same pipeline), "
                             "e.g. bench/heldout/notes")
    parser.add_argument("--only", metavar="GLOB", help="only the notes whose id matches, e.g. 'fu-*'")
    parser.add_argument("--keep", metavar="DIR", type=Path,
                        help="build in DIR (new or empty) and keep it: config, state, drafts, hand/, edited/")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="also list the faulty notes not caught")
    args = parser.parse_args(argv)

    corpus = load_corpus(args.corpus, notes_dir=args.notes)
    if corpus.problems:
        print("the corpus does not follow its format:", *corpus.problems, sep="\n  ", file=sys.stderr)
        return 2
    notes = [n for n in corpus.notes if not args.only or fnmatch.fnmatch(n.id, args.only)]
    modes = MODES if args.mode == "both" else (args.mode,)

    if args.keep:
        work = args.keep.resolve()
        if work.exists() and any(work.iterdir()):
            print(f"{work} is not empty", file=sys.stderr)
            return 2
        work.mkdir(parents=True, exist_ok=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="mailflow-corpus-"))
    try:
        for name in ("config.toml", "pipeline.ics", "setup.toml"):
            shutil.copy(args.corpus / name, work / name)
        mailflow = Mailflow(work / "config.toml", work, args.subprocess)
        drafts = build_state(work, mailflow)  # hand-written notes are read against this state too
        outcomes = run_notes(corpus, notes, modes, work, mailflow, drafts)
        summary = summarise(Corpus(corpus.faults, notes), outcomes, modes)
        summary["setup_problems"] = drafts.setup_problems
        if args.json:
            print(json.dumps({"proofreader": mailflow.describe(), **summary}, indent=2, ensure_ascii=False))
        else:
            print(render(Corpus(corpus.faults, notes), summary, modes, mailflow.describe(), args.verbose))
            if drafts.setup_problems:
                print("\nsetup problems (drafts mailflow did not write may leave notes without a draft):")
                print(*(f"  {p}" for p in drafts.setup_problems), sep="\n")
            if args.keep:
                print(f"\nkept in {work}: mailflow --config {work / 'config.toml'} proofread FILE")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
