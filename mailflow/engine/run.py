"""One run: sync calendars, detect, plan, compose, proofread, deliver, record.

Nothing here prints; every step adds to a report (``reports.RunReport``) that
the CLI renders as text or JSON. Time is the ``now`` given; failures of one
source or one message are recorded and the rest goes on.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime, timedelta

from mailflow import registry
from mailflow.calendars.base import checked
from mailflow.compose import Composer, letters
from mailflow.config import Config, PersonConfig
from mailflow.engine import watch
from mailflow.errors import AuthError, MailboxError, MailflowError
from mailflow.mailboxes.base import Mailbox
from mailflow.model import (
    IN_DRAFTS,
    ApplicationStatus,
    Detection,
    DraftRef,
    Event,
    MessageKind,
    MessageRecord,
    MessageState,
    MessageStatus,
    NewDraft,
    Snapshot,
    SyncCache,
    ThreadRef,
    Written,
    body_digest,
)
from mailflow.reports import DraftReport, Problem, RunReport, SourceReport, WriteLog
from mailflow.rules.detect import detect
from mailflow.rules.plan import Planned, plan
from mailflow.store import Store
from mailflow.untrusted import plain_address

log = logging.getLogger("mailflow")
#: the sync-state entry that remembers when the last real run happened
LAST_RUN = "engine:last-run"
#: the sync-state entry that remembers which bad records were reported already
BAD_RECORDS = "engine:bad-records"


class Engine:
    """Runs the pipeline over one state database. Build one per command."""

    def __init__(self, config: Config, store: Store, now: datetime):
        self.config = _with_people(config, store)
        self.store = store
        self.now = now
        self.zone = config.policy.zone
        self._mailbox: Mailbox | None = None
        self._composer: Composer | None = None
        self._snapshot_cache = None  # what the proofreader reads of the state, once per engine

    # ---- parts ------------------------------------------------------------------

    @property
    def composer(self) -> Composer:
        if self._composer is None:
            self._composer = Composer(self.config)
        return self._composer

    def mailbox(self) -> Mailbox:
        if self._mailbox is None:
            cache = self.store.sync_cache(f"mailbox:{self.config.mail.backend}")
            self._mailbox = registry.open_mailbox(self.config.mail, self.config.shared, cache)
        return self._mailbox

    def save_mailbox_cache(self) -> None:
        if self._mailbox is not None:
            self.store.save_sync_cache(f"mailbox:{self.config.mail.backend}", self._mailbox.cache, self.now)

    def window(self) -> tuple[datetime, datetime]:
        policy = self.config.policy
        return self.now - timedelta(days=policy.lookback_days), self.now + timedelta(days=policy.lookahead_days)

    # ---- calendars -------------------------------------------------------------

    def fetch(self, report: RunReport, start: datetime, end: datetime, *, keep_cache: bool = True
              ) -> tuple[list[Event], list[str]]:
        """Events from every source; failed sources are reported and skipped.

        Returns the events and the names of the sources that answered.
        """
        events: list[Event] = []
        seen: set[str] = set()  # an event in two calendars (shared, or subscribed twice) counts once
        answered: list[str] = []
        if not self.config.calendars:
            report.problems.append(Problem(
                "calendars", "no [[calendars]] in the configuration", "add one (see config.example.toml)", True,
            ))
        shared = self.config.shared
        for index, cal in enumerate(self.config.calendars):
            name = f"calendar:{index}:{cal.type}:{cal.label}"
            cache = self.store.sync_cache(name) if keep_cache else SyncCache()
            try:
                source = registry.open_source(cal, shared)
                result = source.fetch(start, end, cache)
            except Exception as exc:  # noqa: BLE001 - one source must not stop the others
                report.sources.append(SourceReport(cal.label, ok=False))
                report.fail(f"calendar {cal.label}", exc)
                continue
            if keep_cache:
                self.store.save_sync_cache(name, cache, self.now)
            for event in result.events:
                if event.key in seen:
                    continue
                seen.add(event.key)
                event, warnings = checked(event)
                events.append(event)
                result.warnings.extend(warnings)
            answered.append(source.name)
            report.sources.append(SourceReport(source.name, True, len(result.events), warnings=result.warnings))
            report.warnings.extend(result.warnings)
        return events, answered

    def record_interviews(self, detections: list[Detection], answered: list[str],
                          start: datetime, end: datetime, report: RunReport) -> None:
        """Save what was detected; cancel interviews that were cancelled, vanished,
        or are no longer interviews (declined, excluded by a rule, retitled)."""
        seen_keys = set()
        for index, d in enumerate(detections):
            event = d.event
            seen_keys.add(event.key)
            if d.interview is None:
                cancelled = self.store.cancel_interview(event.key, self.now)
                if cancelled:
                    change = "cancelled" if d.reasons == ("cancelled",) else f"dropped: {'; '.join(d.reasons)}"
                    report.updates.append({"interview": cancelled, "change": change})
                continue
            interview = d.interview
            report.warnings.extend(f"{interview.id} ({interview.company or event.summary}): {w}" for w in d.warnings)
            if not interview.company:
                report.skipped.append({
                    "interview": interview.id, "title": interview.title,
                    "why": "company unknown: name it in the title or add a [companies] entry with its domain",
                })
                continue
            company_cfg = self.config.companies.get(interview.company)
            contact = ("", "")
            if company_cfg and company_cfg.contact:
                contact = (company_cfg.contact.lower(), company_cfg.contact_name)
            elif interview.organizer_email and interview.domain and interview.organizer_email.endswith("@" + interview.domain):
                contact = (interview.organizer_email, interview.organizer_name)
            application = self.store.application(
                interview.company, self.now, role=interview.role, domain=interview.domain, contact=contact,
            )
            if application.status == ApplicationStatus.FORGOTTEN:
                continue  # the user said to forget it
            if application.status == ApplicationStatus.RETIRED:
                self.store.reactivate(application.id, self.now)
                report.updates.append({"application": application.company, "change": "active again",
                                       "why": f"the calendar has an interview of it again ({interview.id})"})
            if company_cfg and company_cfg.contact and application.contact_email != contact[0]:
                self.store.set_contact(application.id, *contact)  # the config wins over what was seen
            outcome, stored_id = self.store.save_interview(interview, application.id, self.now)
            if stored_id != interview.id:  # the store lengthened an id that collided
                interview = dataclasses.replace(interview, id=stored_id)
                detections[index] = dataclasses.replace(d, interview=interview)
            if outcome in ("new", "moved"):
                report.updates.append({"interview": interview.id, "change": outcome})
        # an interview that vanished from a source that answered was cancelled
        for source in answered:
            for interview_id, key in self.store.interviews_between(source, start, end):
                if key not in seen_keys and self.store.cancel_interview(key, self.now):
                    report.updates.append({"interview": interview_id, "change": "removed from the calendar"})
        # applications a config change no longer produces, to which nothing was written, go
        for application in self.store.retire_stale(self.now):
            report.updates.append({
                "application": application.company, "change": "retired",
                "why": "no interview of it is left (a config change, or the calendar), and nothing was written to it",
            })

    def sync(self, report: RunReport) -> list[Detection]:
        start, end = self.window()
        events, answered = self.fetch(report, start, end)
        detections = detect(events, self.config)
        with self.store.transaction():
            self.record_interviews(detections, answered, start, end, report)
        report.interviews = [
            {"id": d.interview.id, "company": d.interview.company, "role": d.interview.role,
             "title": d.interview.title, "start": d.interview.start.isoformat(),
             "end": d.interview.end.isoformat(),
             "interviewers": [{"email": p.email, "name": p.name} for p in d.interview.interviewers]}
            for d in detections if d.interview is not None
        ]
        return detections

    # ---- messages -----------------------------------------------------------------

    def refresh_statuses(self, report: RunReport) -> None:
        """Ask the mailbox what became of the drafts: sent, edited, deleted, still there.

        A draft gone with no sent copy is called deleted only once it was last seen
        in the drafts ``policy.sent_grace_hours`` ago (a client may file the sent copy
        late); a draft
        whose content changed is the user's from then on, and the run says so once."""
        mailbox = self.mailbox()
        records = {m.key: m for m in self.store.messages().values()
                   if m.status in IN_DRAFTS and m.backend == mailbox.name and m.backend_id}
        if not records:
            return
        grace = timedelta(hours=self.config.policy.sent_grace_hours)
        for key, status in mailbox.statuses([m.written for m in records.values()]).items():
            record = records.get(key)
            if record is None:
                continue
            if status.state == MessageState.DELETED:
                # counted from when it was last seen in the drafts: a rare run need not wait
                self.store.mark_missing(key, self.now)
                last_seen = record.updated_at or record.drafted_at or self.now
                if self.now - last_seen < grace:
                    continue  # its sent copy may not be filed yet: ask again next run
            ref = status.ref
            newly_edited = status.edited and not record.edited
            if status.state == record.status and not newly_edited and (ref is None or ref == record.ref):
                if status.state != MessageState.DELETED:
                    self.store.confirm(key, status.state, self.now)  # clears a missing mark
                continue
            self.store.confirm(
                key, status.state, self.now, sent_at=status.sent_at,
                backend_id=ref.backend_id if ref else "", message_id=ref.message_id if ref else "",
                thread_id=ref.thread_id if ref else "", version=ref.version if ref else "",
                # once the user's, always the user's: only a new draft written on purpose resets it
                evidence=status.evidence, edited=True if status.edited and status.state in IN_DRAFTS else None,
            )
            if newly_edited and status.state in IN_DRAFTS:
                report.updates.append({"message": key, "change": "edited", "to": record.recipient,
                                       "why": "you changed it: mailflow leaves it as you wrote it"})
            elif status.state != record.status:
                update = {"message": key, "change": status.state, "to": record.recipient}
                report.updates.append({**update, "evidence": status.evidence} if status.evidence else update)

    def plan_updates(self, snapshot: Snapshot, planned: set[str], report: WriteLog) -> list[Planned]:
        """Thank-you drafts whose inputs changed since they were written (a remark,
        the debrief, a name, the role): rewritten in place when the user has not
        touched them; an edited one is kept, and the run says once how to get the new text."""
        mailbox = self.mailbox()
        interviews = {s.id: s for s in snapshot.interviews}
        updates = []
        for m in snapshot.messages.values():
            stored = interviews.get(m.interview_id or "")
            if (m.kind != MessageKind.THANK_YOU or m.status not in IN_DRAFTS or m.key in planned
                    or m.backend != mailbox.name or stored is None):
                continue
            person = next((p for p in stored.interview.interviewers if p.email.lower() == m.recipient.lower()), None)
            application = snapshot.applications.get(stored.application_id)
            if person is None or application is None:
                continue
            item = Planned(MessageKind.THANK_YOU, m.key, stored.interview, application, person, replaces=m,
                           placeholder=m.placeholder)
            digest = letters.inputs_digest(item, self.config, snapshot.notes.get(stored.id, []),
                                           snapshot.debriefs.get(stored.id))
            if digest == m.inputs_digest:
                continue
            if not m.inputs_digest:  # written before inputs were tracked: start tracking
                self.store.set_inputs_digest(m.key, digest)
            elif m.edited:
                self.store.set_inputs_digest(m.key, digest)  # said once, not every run
                report.updates.append({
                    "message": m.key, "change": "kept", "to": m.recipient,
                    "why": f"what it is written from changed, but you edited the draft: it stays as you wrote it "
                           f"(`mailflow preview {stored.id}` shows the new text, "
                           f"`mailflow redraft {stored.id} --by {m.recipient}` replaces your draft with it)",
                })
            else:
                item.why = "what it is written from changed (a remark, the debrief, a name or the role)"
                updates.append(item)
        return updates

    def _can_schedule(self) -> bool:
        try:
            return self.mailbox().can_schedule
        except MailflowError:  # reported where the mailbox is used
            return False

    def schedule_sends(self, items: list[Planned]) -> None:
        """On a backend that can schedule, a message with a due day leaves on that
        day at the backend's hour; when that moment has passed it stays a draft."""
        dated = [item for item in items if item.due is not None and item.send_at is None]
        if not dated or not self.mailbox().can_schedule:
            return
        for item in dated:
            at = self.mailbox().send_time(item.due, self.zone)
            item.send_at = at if at > self.now else None

    def compose(self, item: Planned) -> tuple[object, dict]:
        """The message for a planned item and its template context."""
        notes = self.store.notes().get(item.interview.id, [])
        debrief = self.store.debriefs().get(item.interview.id)
        context, placeholder = letters.context_for(item, self.config, notes, debrief, self.zone, now=self.now)
        item.placeholder = placeholder
        item.inputs_digest = letters.inputs_digest(item, self.config, notes, debrief)
        msg = self.composer.build(
            item.kind, context, key=item.key, to=(item.recipient.name, item.recipient.email),
            date=self.now, reply_to=_thread(item.reply_to),
        )
        return msg, context

    def proofread(self, msg, item: Planned, context: dict) -> list[dict]:
        from mailflow import proofread
        from mailflow.proofread.context import for_draft

        if self._snapshot_cache is None:
            self._snapshot_cache = self.store.snapshot()
        ctx = for_draft(self._snapshot_cache, self.config, item.kind, item.recipient, item.application,
                        item.interview, self.now, letters.placeholder_texts(context), letters.recorded_texts(context))
        findings = proofread.proofread_message(msg, ctx, self.config.proofread, self.config.policy)
        return [f.__dict__ for f in findings]

    def write(self, items: list[Planned], report: WriteLog, *, dry_run: bool) -> None:
        """Compose, proofread and deliver each planned message, exactly once."""
        ready: list[tuple[Planned, NewDraft, DraftReport]] = []
        for item in items:
            if plain_address(item.recipient.email) is None:
                self._bad_record(item, report)
                continue
            entry = DraftReport(
                key=item.key, kind=item.kind, interview=item.interview.id, company=item.interview.company,
                to=item.recipient.email, to_name=item.recipient.name, subject="",
                replaced=item.replaces is not None, why=item.why,
            )
            try:
                msg, context = self.compose(item)
                entry.subject = str(msg["Subject"])
                entry.placeholder = item.placeholder
                entry.body = msg.get_content()
                entry.findings = self.proofread(msg, item, context)
            except MailflowError as exc:
                report.fail(f"{item.kind} to {item.recipient.email}", exc)
                continue
            report.drafts.append(entry)
            errors = [f for f in entry.findings if f["severity"] == "error"]
            if errors:
                report.problems.append(Problem(
                    f"{item.kind} to {item.recipient.email}",
                    "not written, proofreading found: " + "; ".join(f"{f['message']} ({f['excerpt']!r})" for f in errors),
                    errors[0]["hint"],
                ))
                continue
            if dry_run:
                continue
            ready.append((item, NewDraft(msg, item.key, reply_to=_thread(item.reply_to), send_at=item.send_at), entry))
        if ready:
            self._deliver(ready, report)

    def _bad_record(self, item: Planned, report: WriteLog) -> None:
        """A recipient the state holds that is no usable address (an older version
        stored it, or a hand-edited state): skipped, and said once as a problem with
        the command that fixes it, then as a warning, so cron does not mail it every run."""
        seen = self.store.sync_cache(BAD_RECORDS)
        told = set(seen.data.get("keys", []))
        what = f"{item.kind} to {item.recipient.email!r} ({item.interview.id})"
        message = "the state holds this recipient, which is not a usable address: nothing is written to it"
        hint = f"mailflow fix drop {item.interview.id} {item.recipient.email!r}"
        if item.key in told:
            report.warnings.append(f"{what}: {message} ({hint})")
            return
        report.problems.append(Problem(what, message, hint))
        seen.put("keys", sorted(told | {item.key}))
        self.store.save_sync_cache(BAD_RECORDS, seen, self.now)

    def _deliver(self, ready, report: WriteLog) -> None:
        """Write each message exactly once: its intent is recorded before the mailbox
        is touched (also before a draft is replaced); an interrupted write, or a key
        the state has lost, is looked up in the mailbox before anything is written."""
        mailbox = self.mailbox()
        lost_state = not self.store.has_written(mailbox.name)
        to_create: list[tuple[Planned, NewDraft, DraftReport]] = []
        to_replace: list[tuple[Planned, NewDraft, DraftReport, Written]] = []
        for item, draft, entry in ready:
            existing = self.store.message(item.key)
            digest = body_digest(draft.message.get_content())
            replaces = item.replaces.written if item.replaces is not None else None
            try:
                if (existing is not None and existing.status == MessageState.INTENT) or (
                        existing is None and lost_state):
                    found = mailbox.find(item.key)
                    # a draft still holding the content an interrupted replacement meant to overwrite
                    stale = (found is not None and found.state == MessageState.DRAFT and mailbox.versions_are_digests
                             and existing is not None and bool(existing.body_digest) and found.ref is not None
                             and found.ref.version != existing.body_digest)
                    if found is not None and not stale:  # written before a crash: confirm, do not rewrite
                        self._record(item.key, found, draft if existing is None else None, item, entry)
                        entry.recovered = entry.written = True
                        continue
                    if stale:
                        replaces = Written(item.key, found.ref, item.recipient.email, entry.subject, self.now)
                    entry.recovered = existing is not None
            except AuthError:
                raise
            except MailflowError as exc:
                report.fail(f"{item.kind} to {item.recipient.email}", exc)
                continue
            self.store.record_intent(MessageRecord(
                key=item.key, kind=item.kind, recipient=item.recipient.email, backend=mailbox.name,
                status=MessageState.INTENT, application_id=item.application.id, interview_id=item.interview.id,
                recipient_name=item.recipient.name, subject=entry.subject,
                message_id=str(draft.message["Message-ID"]), placeholder=item.placeholder, send_at=draft.send_at,
                body_digest=digest, inputs_digest=item.inputs_digest,
            ), self.now)
            if replaces is not None:
                to_replace.append((item, draft, entry, replaces))
            else:
                to_create.append((item, draft, entry))
        done: list[tuple[Planned, NewDraft, DraftReport, DraftRef | Exception]] = []
        if to_create:
            results = mailbox.create_drafts([d for _, d, _ in to_create])
            done += [(i, d, e, r) for (i, d, e), r in zip(to_create, results, strict=True)]
        for item, draft, entry, old in to_replace:
            try:
                done.append((item, draft, entry, mailbox.update_draft(old, draft)))
            except AuthError:
                raise
            except MailflowError as exc:
                done.append((item, draft, entry, exc))
        for item, draft, entry, result in done:
            if isinstance(result, Exception):
                report.fail(f"{item.kind} to {item.recipient.email}", result)
                continue
            state = MessageState.SCHEDULED if draft.send_at else MessageState.DRAFT
            self.store.confirm(item.key, state, self.now, backend_id=result.backend_id,
                               message_id=result.message_id, thread_id=result.thread_id, version=result.version,
                               edited=False)
            entry.written = True
            entry.send_at = draft.send_at

    def _record(self, key: str, found: MessageStatus, draft: NewDraft | None, item: Planned,
                entry: DraftReport) -> None:
        """Confirm a message found in the mailbox (``draft``: the state had no record of it)."""
        if draft is not None:
            self.store.record_intent(MessageRecord(
                key=key, kind=item.kind, recipient=item.recipient.email, backend=self.mailbox().name,
                status=MessageState.INTENT, application_id=item.application.id, interview_id=item.interview.id,
                recipient_name=item.recipient.name, subject=entry.subject,
                message_id=str(draft.message["Message-ID"]), placeholder=item.placeholder,
                body_digest=body_digest(draft.message.get_content()), inputs_digest=item.inputs_digest,
            ), self.now)
        ref = found.ref
        self.store.confirm(key, found.state, self.now, sent_at=found.sent_at,
                           backend_id=ref.backend_id if ref else "", message_id=ref.message_id if ref else "",
                           thread_id=ref.thread_id if ref else "", version=ref.version if ref else "",
                           evidence=found.evidence)

    # ---- the whole run ---------------------------------------------------------------

    def run(self, *, dry_run: bool = False) -> RunReport:
        report = RunReport(now=self.now, dry_run=dry_run)
        last_run = self.store.sync_cache(LAST_RUN)
        previous = datetime.fromisoformat(last_run.token) if last_run.token else None
        self.sync(report)
        try:
            unchecked: set[int] = set()
            blind = False  # what became of the drafts is unknown this run: no follow-up is written
            try:  # reading only: a dry run works on a copy of the state, so it may record what it sees
                self.refresh_statuses(report)
            except MailboxError as exc:
                report.fail(f"mailbox {self.config.mail.backend}", exc)
                blind = True
            except AuthError as exc:
                if not dry_run:
                    raise
                report.fail(f"mailbox {self.config.mail.backend} (the dry run goes on without it)", exc)
                blind = True
            try:
                unchecked = watch.watch_replies(self.store, self.mailbox(), self.config, self.now, report,
                                                cancel=not dry_run)
            except (AuthError, MailboxError) as exc:
                if not dry_run:
                    raise
                report.fail(f"mailbox {self.config.mail.backend} (the dry run goes on without it)", exc)
            snapshot = self.store.snapshot()
            # a mailbox that sends at a set hour gets the follow-up the day before its day,
            # so the hour is still ahead whenever cron runs
            due = plan(snapshot, self.now, self.config.policy, ahead_days=1 if self._can_schedule() else 0)
            # a company whose replies could not be read gets no follow-up this time
            due.drafts = [d for d in due.drafts if d.kind != MessageKind.FOLLOW_UP
                          or (d.application.id not in unchecked and not blind)]
            due.drafts += self.plan_updates(snapshot, {d.key for d in due.drafts}, report)
            self.schedule_sends(due.drafts)
            self.write(due.drafts, report, dry_run=dry_run)
            watch.mark_cold(self.store, due.cold, self.now, report)
        except AuthError as exc:
            report.fail(f"mailbox {self.config.mail.backend}", exc)
            due = None
        except MailboxError as exc:
            report.fail(f"mailbox {self.config.mail.backend}", exc)
            due = None
        finally:
            if not dry_run:
                self.save_mailbox_cache()
                last_run.set_token(self.now.isoformat())
                self.store.save_sync_cache(LAST_RUN, last_run, self.now)
        if due is not None:
            _plan_into(due, report, previous, self.now, self.config.policy.thank_you.overdue_hours)
        return report


def _with_people(config: Config, store: Store) -> Config:
    """The config with the names and greetings set by `mailflow fix person` (the latest
    word on a person) over ``[people]``."""
    corrected = store.people()
    if not corrected:
        return config
    people = dict(config.people)
    for email, given in corrected.items():
        base = people.get(email) or PersonConfig()
        people[email] = PersonConfig(name=given["name"] or base.name, greeting=given["greeting"] or base.greeting)
    return dataclasses.replace(config, people=people)


def _reminder_due(hours_since_end: float, threshold: float, hours_since_last_run: float | None) -> bool:
    """Whether an overdue note is worth saying again: on the first run after it
    became overdue, then on the first run of each further day."""
    if hours_since_last_run is None:
        return True
    overdue_for = hours_since_end - threshold
    before = overdue_for - hours_since_last_run
    return before < 0 or overdue_for // 24 != before // 24


def _plan_into(due, report: RunReport, last_run: datetime | None = None, now: datetime | None = None,
               threshold: float = 24) -> None:
    for w in due.waiting:
        report.waiting.append({
            "interview": w.interview.id, "company": w.interview.company, "interviewer": w.interviewer.email,
            "name": w.interviewer.name, "until": w.until.isoformat(), "why": w.why,
        })
    for o in due.overdue:
        report.overdue.append({
            "interview": o.interview.id, "company": o.interview.company, "to": o.message.recipient,
            "subject": o.message.subject, "hours": round(o.hours, 1),
            "remind": _reminder_due(o.hours, threshold,
                                    (now - last_run).total_seconds() / 3600 if last_run and now else None),
        })
    for s in due.skipped:
        report.skipped.append({"interview": s.interview.id, "title": s.interview.title, "why": s.why})


def _thread(record: MessageRecord | None) -> ThreadRef | None:
    """The thread a reply joins: the earlier message's ids and subject."""
    if record is None:
        return None
    return ThreadRef(message_id=record.message_id, subject=record.subject,
                     backend_id=record.backend_id, thread_id=record.thread_id)

