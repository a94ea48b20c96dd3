"""Text renderings of the commands' reports, for the CLI. Pure: data in, str out.

Every line goes through ``untrusted.printable`` on its way out: a title, a name
or a subject from a stranger's invite or mail cannot put an escape sequence or a
line break on the user's terminal or in cron mail.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from mailflow.config import Config
from mailflow.model import Change, Update, UpdateOf
from mailflow.rules.timeline import format_day
from mailflow.untrusted import printable

if TYPE_CHECKING:
    from mailflow.reports import RunReport
    from mailflow.reports_other import (
        AuthReport,
        CronReport,
        DebriefReport,
        DoctorReport,
        FixReport,
        InitReport,
        LinkedinReport,
        MarkSentReport,
        OutcomeReport,
        PreviewReport,
        RedraftReport,
        ProofreadReport,
        RemarkReport,
        ScanReport,
        StatusReport,
    )


def _join(lines: list[str]) -> str:
    """Lines for a terminal: each one cleaned, so data cannot add a line or an escape."""
    return "\n".join(printable(line) for line in lines)


def _when(iso: str | datetime, zone: tzinfo) -> str:
    """A moment in the user's zone, with the zone's name: every time shown reads alike."""
    value = datetime.fromisoformat(iso) if isinstance(iso, str) else iso
    local = value.astimezone(zone)
    return f"{local:%a %d %b %H:%M} {local.tzname() or ''}".rstrip()


def _problems(problems) -> list[str]:
    """One line per distinct problem (a server that is down fails every draft the same way)."""
    lines: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for p in problems:
        what, message, hint = (p["what"], p["message"], p["hint"]) if isinstance(p, dict) else (p.what, p.message, p.hint)
        if (message, hint) in seen:
            seen[(message, hint)] += 1
            continue
        seen[(message, hint)] = 1
        # a source's message often names it already ("calendar x: no such file"): say it once
        lines.append(f"  ! {message}" if message.startswith(f"{what}:") else f"  ! {what}: {message}")
        if hint:
            lines.append(f"    hint: {hint}")
    repeats = sum(n - 1 for n in seen.values())
    if repeats:
        lines.append(f"  ({repeats} more item{'s' * (repeats != 1)} failed the same way)")
    return lines


def run(report: RunReport, config: Config) -> str:
    if report.skipped_run:
        return _join([f"mailflow: {report.skipped_run}"])
    zone = config.policy.zone
    lines = [f"mailflow run at {_when(report.now, zone)}{' (dry run: nothing written)' if report.dry_run else ''}"]
    for s in report.sources:
        lines.append(f"calendar {s.name}: {s.events} events" if s.ok else f"calendar {s.name}: FAILED")
    for w in report.warnings:
        lines.append(f"  warning: {w}")
    if report.interviews:
        lines.append(f"interviews ({len(report.interviews)}):")
        for iv in report.interviews:
            role = f", {iv['role']}" if iv["role"] else ""
            names = ", ".join(p["name"] for p in iv["interviewers"]) or "no interviewer address"
            lines.append(f"  {iv['id']}  {_when(iv['start'], zone)}  {iv['company'] or '?'}{role}: {names}")
    lines += updates(report.updates, zone)
    written = [d for d in report.drafts if d.written or report.dry_run]
    if written:
        verb = "would draft" if report.dry_run else "drafted"
        lines.append(f"{verb} {len(written)}:")
        for d in written:
            note = " [placeholder: fill in the remark]" if d.placeholder else ""
            note += f" (updated in place: {d.why})" if d.replaced else ""
            note += " (recovered after an interruption)" if d.recovered else ""
            note += f" (scheduled to leave {_when(d.send_at, zone)})" if d.send_at else ""
            lines.append(f"  {d.kind} -> {d.to_name} <{d.to}> ({d.company}): {d.subject}{note}")
            if d.kind == "follow_up":
                lines.append(f"    due: {d.why}")
            for f in d.findings:
                if d.placeholder and f["check"] == "placeholder" and f["severity"] == "warning":
                    continue  # the tag above says it
                lines.append(f"    {f['severity']}: {f['check']}: {f['message']} {f['excerpt']!r} - {f['hint']}")
        with_placeholder = [d for d in written if d.placeholder]
        if with_placeholder:
            d = with_placeholder[0]
            lines.append("  fill in each [REMARK: ...] before sending, or record the remark and run again:")
            lines.append(f"    mailflow remark {d.interview} --by {d.to} \"what they said\"  (then `mailflow run`)")
    if report.waiting:
        lines.append(f"waiting for a debrief ({len(report.waiting)}):")
        for w in report.waiting:
            lines.append(f"  {w['interview']} {w['company']}: {w['name']} <{w['interviewer']}>; "
                         f"placeholder draft after {_when(w['until'], zone)}")
            lines.append(f"    mailflow remark {w['interview']} --by {w['interviewer']} \"what they said\"")
    for o in report.overdue:
        lines.append(f"overdue: thank-you to {o['to']} ({o['company']}) unsent {o['hours']:g} h after the interview")
    for s in report.skipped:
        lines.append(f"skipped {s['interview']} ({s['title']}): {s['why']}")
    lines += _problems(report.problems)
    if not (written or report.waiting or report.overdue or report.problems or report.updates):
        lines.append("nothing to do")
    elif written and config.mail.backend == "maildir" and not report.dry_run:
        lines.append(f"drafts are in the Maildir {config.resolve(config.mail.maildir.path)}")
    return _join(lines)


def updates(changes: list[Update], zone: tzinfo) -> list[str]:
    """One line per change a command saw or made."""
    lines = []
    for u in changes:
        if u.of == UpdateOf.INTERVIEW:
            lines.append(f"interview {u.id}: {u.change}" + (f": {u.why}" if u.why else ""))
        elif u.change == Change.REPLIED:
            lines.append(f"{u.id}: {u.sender} replied ({_when(u.at, zone)}, {u.subject!r}): no more follow-ups")
        elif u.of == UpdateOf.APPLICATION:
            lines.append(f"{u.id}: marked {u.change} ({u.why})")
        elif u.change == Change.CANCELLED:
            lines.append(f"follow-up to {u.to}: draft deleted ({u.why})")
        else:
            lines.append(f"message to {u.to}: now {u.change}" + (f" ({u.why})" if u.why else ""))
    return lines


def scan(report: ScanReport, explain: bool, zone: tzinfo) -> str:
    lines = [f"events from {_when(report.window['start'], zone)} to {_when(report.window['end'], zone)}:"]
    for e in report.events:
        if e["interview"]:
            people = ", ".join(f"{p['name']} <{p['email']}>" for p in e["interviewers"]) or "no interviewer address"
            role = f", {e['role']}" if e["role"] else ""
            lines.append(f"  {e['id']}  {_when(e['start'], zone)}  {e['company'] or '?'}{role}: {e['summary']}")
            lines.append(f"          interviewers: {people}")
        elif explain:
            lines.append(f"  ------  {_when(e['start'], zone)}  {e['summary']}")
        if explain:
            lines.append(f"          {'interview' if e['interview'] else 'not an interview'}: {'; '.join(e['reasons'])}")
            for w in e["warnings"]:
                lines.append(f"          warning: {w}")
    interviews = sum(1 for e in report.events if e["interview"])
    lines.append(f"{interviews} interview{'s' if interviews != 1 else ''} in {len(report.events)} events")
    for w in report.warnings:
        lines.append(f"  warning: {w}")
    lines += _problems(report.problems)
    return _join(lines)


def remark(r: RemarkReport) -> str:
    lines = [f"recorded {r.kind} for {r.name} <{r.interviewer}> ({r.company}, interview {r.interview})"]
    if r.reads_as and r.kind == "remark":
        lines.append(f"  read as a {r.form}: the thank-you says: {r.reads_as}")
        lines.append("  (if that is not how it was said, record it again with --as quote|point|question|note)")
    elif r.reads_as:
        lines.append(f"  the thank-you says: {r.reads_as}")
    for f in r.warnings:
        lines.append(f"  warning: {f['check']}: {f['message']} - {f['hint']}")
    return _join(lines)


def preview(report: PreviewReport) -> str:
    blocks = []
    for d in report.drafts:
        lines = [f"To: {d.to_name} <{d.to}>", f"Subject: {d.subject}", "", *d.body.split("\n")]
        for f in d.findings:
            lines.append(f"  {f['severity']}: {f['check']}: {f['message']} {f['excerpt']!r} - {f['hint']}")
        blocks.append(_join(lines))
    return ("\n" + "-" * 60 + "\n").join(blocks) if blocks else "no interviewers to thank"


def redraft(report: RedraftReport) -> str:
    lines = [f"redraft {report.interview} ({report.company})"]
    for d in report.drafts:
        if d.written:
            lines.append(f"  {'rewrote' if d.replaced else 'drafted'} thank-you -> {d.to_name} <{d.to}>: {d.subject}")
    for left in report.left:
        lines.append(f"  left alone: {left['to']}: {left['why']}")
    lines += _problems(report.problems)
    return _join(lines)


def mark_sent(report: MarkSentReport, zone: tzinfo) -> str:
    if report.nothing:
        return _join([report.nothing])
    return _join([f"{m['name']} <{m['to']}>: {m['kind'].replace('_', '-')} marked sent at "
                  f"{m['at'].astimezone(zone).strftime('%a %d %b %Y %H:%M')}" for m in report.marked])


def status(data: StatusReport, zone: tzinfo) -> str:
    lines = []
    for app in data.applications:
        role = f" - {app['role']}" if app["role"] else ""
        lines.append(f"{app['company']}{role} [{app['status']}]")
        for iv in app["interviews"]:
            lines.append(f"  {iv['id']}  {_when(iv['start'], zone)}  {iv['title']}  ({iv['status']})")
            for p in iv["interviewers"]:
                extra = " with placeholder" if p["placeholder"] else ""
                extra += ", edited by you" if p.get("edited") else ""
                extra += f" (seen: {p['evidence']})" if p.get("evidence") and p["thank_you"] != "draft" else ""
                lines.append(f"          {p['name']} <{p['email']}>: thank-you {p['thank_you']}{extra}")
        for m in app["messages"]:
            if m["kind"] != "thank_you":
                leaves = f" to leave {_when(m['send_at'], zone)}" if m.get("send_at") else ""
                lines.append(f"  {m['kind']} to {m['to']}: {m['status']}{leaves}")
        lines += _follow_up_lines(app)
    if not data.applications:
        lines.append("no applications yet: run `mailflow run` or `mailflow scan`")
    for w in data.warnings:
        lines.append(f"warning: {w}")
    return _join(lines)


def _follow_up_lines(app: dict) -> list[str]:
    lines = []
    timeline = app.get("timeline")
    if timeline:
        read = f"read as {_day(timeline['by'])}" if timeline["by"] else "no date in it"
        lines.append(f"  timeline from {timeline['said_by']}: \"{timeline['text']}\" ({read})")
    upcoming = app.get("follow_up")
    if upcoming:
        lines.append(f"  next follow-up ({upcoming['number']}) to {upcoming['to_name']} <{upcoming['to']}>: "
                     f"due {_day(upcoming['due'])}")
        lines.append(f"    why: {upcoming['why']}")
    elif app.get("follow_ups"):
        lines.append(f"  no follow-up due: {app['follow_ups']['why']}")
    return lines


def _day(iso: str) -> str:
    return format_day(date.fromisoformat(iso))


def doctor(report: DoctorReport) -> str:
    return _join([f"{'ok ' if c.ok else 'BAD'}  {c.check}: {c.detail}" for c in report.checks])


def proofread(result: ProofreadReport) -> str:
    about = ", ".join(x for x in (result.kind, result.company, result.recipient) if x)
    lines = [f"{result.file} ({about})"]
    for f in result.findings:
        lines.append(f"  {f['severity']}: {f['check']}: {f['message']}")
        lines.append(f"    found: {f['excerpt']!r}")
        lines.append(f"    fix: {f['hint']}")
    errors = result.errors
    warnings = len(result.findings) - errors
    lines.append(f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
                 + ("" if errors else ": ready to send"))
    return _join(lines)


# ---- outcomes, debrief, linkedin ------------------------------------------------


def _finding(f: dict) -> str:
    return f"{f['severity']}: {f['check']}: {f['message']} {f['excerpt']!r} - {f['hint']}"


def inbox(report) -> str:
    """``mailflow inbox``: each message read, what it means and what mailflow did."""
    if not report.messages:
        return "nothing read yet: `mailflow run` reads the mail of the companies you applied to"
    lines = []
    for m in report.messages:
        who = f"{m['company']}" + (f" ({m['role']})" if m["role"] else "") if m["company"] else "no application"
        date = f", date {m['date']}" if m["date"] else ""
        lines.append(f"{m['at'][:16].replace('T', ' ')}  {who}: {m['class']}{date}")
        lines.append(f"    from {m['from']}: {m['subject']}")
        if m["evidence"] and m.get("decided_by") == "classifier" and "over the rules'" in m["evidence"]:
            lines.append(f"    because: {m['evidence']} (the classifier was very sure)")
        elif m["evidence"] and m.get("decided_by") == "classifier":
            lines.append(f"    because: {m['evidence']} (the rules found no phrase that decides)")
        elif m["evidence"]:
            lines.append(f"    because: \"{m['evidence']}\"")
        if m["did"]:
            lines.append(f"    {m['did']}")
    return _join(lines)


def outcome(report: OutcomeReport, config: Config) -> str:
    """The summary of ``accept`` / ``withdraw`` / ``rejected``: what was done, or would be."""
    dry = report.dry_run
    lines = [f"{'dry run: nothing changed. ' if dry else ''}mailflow {report.action} {report.company}"]
    for s in report.statuses:
        lines.append(f"  {s['company']}: {s['from']} -> {s['to']}{' (would be)' if dry else ''}")
    written = report.written
    if written:
        lines.append(f"{'would draft' if dry else 'drafted'} {len(written)}:")
        for d in written:
            lines.append(f"  {d.kind.replace('_', ' ')} -> {d.to_name} <{d.to}> ({d.company}): {d.subject}")
            for f in d.findings:
                lines.append("    " + _finding(f))
    if report.cancelled:
        label = "unsent drafts" if any(c.get("kind") == "offer_timing" for c in report.cancelled) else "follow-up drafts"
        lines.append(f"{label} {'to delete' if dry else 'deleted'} ({len(report.cancelled)}):")
        for c in report.cancelled:
            lines.append(f"  {c['company'] + ': ' if c['company'] else ''}to {c['to']}: {c['subject']}")
    if report.sent:
        lines.append(f"sent {len(report.sent)}:")
        lines += [f"  {s['name']} <{s['to']}> ({s['company']}): {s['subject']}" for s in report.sent]
    for u in report.unsent:
        lines.append(f"  not sent: {u['name']} <{u['to']}> ({u['company']}): {u['why']}")
    for u in report.unchanged:
        lines.append(f"  unchanged: {u['company'] + ': ' if u['company'] else ''}{u['why']}")
    for w in report.warnings:
        lines.append(f"  warning: {w}")
    lines += _problems(report.problems)
    if written and not dry and not report.sent and config.mail.backend == "maildir":
        lines.append(f"review the drafts in the Maildir {config.resolve(config.mail.maildir.path)} and send them")
    return _join(lines)


def send_prompt(recipients: list[dict]) -> str:
    """The question ``--send`` asks, listing every recipient."""
    lines = [f"send {len(recipients)} message{'s' if len(recipients) != 1 else ''} now?"]
    lines += [f"  {r['name']} <{r['to']}> ({r['company']}): {r['subject']}" for r in recipients]
    lines.append("send them")
    return _join(lines)


def debrief(result: DebriefReport) -> str:
    if not result.saved:
        line = f"debrief for {result.interview} ({result.company}) not saved"
        if result.kept_in:
            line += f"; your text is kept in {result.kept_in} and `mailflow debrief {result.interview}` reopens it"
        return _join([line])
    lines = [f"debrief saved for {result.interview} ({result.company})"]
    for p in result.people:
        parts = [f"{p['remarks']} remark{'s' if p['remarks'] != 1 else ''}"]
        parts += [f"timeline {p['timeline']!r}"] if p["timeline"] else []
        parts += [f"{p['promised']} promised"] if p["promised"] else []
        parts += [f"{p['links']} link{'s' if p['links'] != 1 else ''}"] if p["links"] else []
        lines.append(f"  {p['name']} <{p['email']}>: {', '.join(parts)}")
    lines.append("the next `mailflow run` drafts the thank-you notes with it")
    lines += [f"  warning: {w}" for w in result.warnings]
    return _join(lines)


def linkedin(report: LinkedinReport) -> str:
    if report.held:
        return _join([f"no connection notes for {report.interview} ({report.company}): {report.held}"])
    if not report.notes:
        return _join([f"no interviewers recorded for {report.interview} ({report.company})"])
    blocks = []
    for n in report.notes:
        if n.ok:
            lines = [f"{n.name} <{n.email}> ({len(n.text)} characters{', remark shortened' if n.shortened else ''}):",
                     *n.text.split("\n")]
        else:
            lines = [f"{n.name} <{n.email}>: no note, proofreading found:"]
        for f in n.findings:
            lines.append("  " + _finding(f))
        blocks.append(_join(lines))
    return "\n\n".join(blocks)


def fix(report: FixReport, zone: tzinfo) -> str:
    lines = list(report.done)
    if report.action == "list":
        for app in report.items:
            merged = f" into {app['merged_into']}" if app["merged_into"] else ""
            lines.append(f"{app['company']} [{app['status']}{merged}]")
            for iv in app["interviews"]:
                people = ", ".join(f"{p['name']} <{p['email']}>" for p in iv["interviewers"]) or "no interviewer"
                lines.append(f"  {iv['id']}  {_when(iv['start'], zone)}  {iv['title']}  ({iv['status']}): {people}")
        if not report.items:
            lines.append("nothing recorded yet")
    elif report.action == "notes":
        for n in report.items:
            lines.append(f"  {n['id']:>4}  {n['interview']} {n['company']}  {n['kind']} by {n['by'] or 'everyone'}: "
                         f"{n['text']}")
        if not report.items:
            lines.append("no notes recorded")
    return _join(lines)


def init(report: InitReport) -> str:
    lines = [f"wrote {report.path}",
             f"  time zone {report.timezone}; "
             + (f"{report.holidays} public holidays are skipped" if report.holidays else "no public holidays skipped"),
             f"  drafts go to the Maildir {report.drafts}", f"  state in {report.state}"]
    lines += [f"warning: {w}" for w in report.warnings]
    if report.fill_in:
        lines.append(f"fill in {', '.join(report.fill_in)} in {report.path} (marked FILL IN), "
                     "then run `mailflow scan --explain`")
    else:
        lines.append("next: `mailflow scan --explain` shows which events are interviews, and why")
    return _join(lines)


def auth(report: AuthReport) -> str:
    return ""


def cron(report: CronReport) -> str:
    return _join([report.line, *(f"warning: {w}" for w in report.warnings)])
