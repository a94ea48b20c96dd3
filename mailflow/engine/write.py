"""Planned -> composed -> proofread -> the mailbox, exactly once.

``write`` composes each planned message (``Composer.compose``: one ``Composed``
value), proofreads it against the run's snapshot, and delivers those without
errors: the intent is recorded before the mailbox is touched (also before a
draft is replaced), and an interrupted write, or a key the state has lost, is
looked up in the mailbox before anything is written. ``stale_drafts`` finds the
unedited thank-yous whose inputs changed; ``schedule`` gives a message its
leaving time on a mailbox that can send at a set hour.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from mailflow.errors import AuthError, MailflowError
from mailflow.model import (
    IN_DRAFTS,
    Application,
    Change,
    Composed,
    DraftRef,
    Interview,
    Interviewer,
    MessageKind,
    MessageRecord,
    MessageState,
    MessageStatus,
    NewDraft,
    Planned,
    Update,
    UpdateOf,
    Written,
    body_digest,
)
from mailflow.reports import DraftReport, Problem, WriteLog
from mailflow.rules.sent import fingerprint
from mailflow.untrusted import plain_address

if TYPE_CHECKING:
    from mailflow.engine.session import Session

#: the sync-state entry that remembers which bad records were reported already
BAD_RECORDS = "engine:bad-records"


def stale_drafts(session: Session, planned: set[str], report: WriteLog) -> list[Planned]:
    """Thank-you drafts whose inputs changed since they were written (a remark,
    the debrief, a name, the role): rewritten in place when the user has not
    touched them; an edited one is kept, and the run says once how to get the new text.
    ``planned``: the keys already planned (they are written anyway)."""
    mailbox, snapshot = session.mailbox(), session.snapshot
    interviews = {s.id: s for s in snapshot.interviews}
    digests = _InputsDigests(session)
    rewrites = []
    for m in list(snapshot.messages.values()):
        stored = interviews.get(m.interview_id or "")
        if (m.kind != MessageKind.THANK_YOU or m.status not in IN_DRAFTS or m.key in planned
                or m.backend != mailbox.name or stored is None):
            continue
        person = next((p for p in stored.interview.interviewers if p.email.lower() == m.recipient.lower()), None)
        application = snapshot.applications.get(stored.application_id)
        if person is None or application is None:
            continue

        def make(m=m, stored=stored, application=application, person=person) -> Planned:
            return Planned(MessageKind.THANK_YOU, m.key, stored.interview, application, person, replaces=m,
                           placeholder=m.placeholder,
                           why="what it is written from changed (a remark, the debrief, a name or the role)")

        digest = digests.of(m.key, make, stored.interview, application, person, snapshot.notes.get(stored.id, []),
                            snapshot.debriefs.get(stored.id))
        if digest == m.inputs_digest:
            continue
        item = make()
        if not m.inputs_digest:  # written before inputs were tracked: start tracking
            session.set_inputs_digest(m.key, digest)
        elif m.edited:
            session.set_inputs_digest(m.key, digest)  # said once, not every run
            report.updates.append(Update(
                UpdateOf.MESSAGE, m.key, Change.KEPT, to=m.recipient,
                why=f"what it is written from changed, but you edited the draft: it stays as you wrote it "
                    f"(`mailflow preview {stored.id}` shows the new text, "
                    f"`mailflow redraft {stored.id} --by {m.recipient}` replaces your draft with it)",
            ))
        else:
            rewrites.append(item)
    digests.save()
    return rewrites


class _InputsDigests:
    """``compose.letters.inputs_digest`` of each thank-you draft, kept between runs (the
    sync-state entry ``engine:inputs``) by a digest of what it is worked out from: the
    notes and debrief of its interview, its recipient, the company and the roles; the
    configured people and profile, and the code that reads them, salt the whole entry.
    A draft whose inputs are as they were on the last run is not worked out again."""

    ENTRY = "engine:inputs"
    VERSION = 2

    def __init__(self, session: Session):
        self.session = session
        self.cache = session.store.sync_cache(self.ENTRY)
        self.salt = _inputs_salt(session.config, self.VERSION)
        kept = self.cache.data.get("digests") if self.cache.data.get("salt") == self.salt else None
        self.known: dict = kept if isinstance(kept, dict) else {}
        self.kept: dict[str, list] = {}

    def of(self, key: str, item: Callable[[], Planned], interview: Interview, application: Application,
           person: Interviewer, notes: list, debrief: dict | None) -> str:
        """The inputs digest of the draft ``key``, whose ``Planned`` ``item()`` makes
        (only when the digest is worked out)."""
        import hashlib

        raw = hashlib.blake2b(repr((notes, debrief, person.email, person.name, str(person.named_from),
                                    interview.company, interview.role, application.role)
                                   ).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        known = self.known.get(key)
        if isinstance(known, list) and len(known) == 2 and known[0] == raw and isinstance(known[1], str):
            digest = known[1]
        else:
            from mailflow.compose import letters

            digest = letters.inputs_digest(item(), self.session.config, notes, debrief)
        self.kept[key] = [raw, digest]
        return digest

    def save(self) -> None:
        if self.kept != self.known or self.cache.data.get("salt") != self.salt:
            self.cache.data = {"salt": self.salt, "digests": self.kept}
            self.cache.changed = True
            self.session.store.save_sync_cache(self.ENTRY, self.cache, self.session.now)


def _inputs_salt(config, version: int) -> str:
    """What every inputs digest depends on besides its draft's own inputs."""
    import hashlib
    import os

    import mailflow
    from mailflow.engine.kept import files_stamp

    parts = [str(version), mailflow.__version__, repr(sorted(config.people.items())), repr(config.profile)]
    package = os.path.dirname(mailflow.__file__)  # the files, not the modules: loading them is what is spared
    parts += files_stamp((os.path.join(package, "compose", "letters.py"), os.path.join(package, "rules", "names.py")))
    return hashlib.blake2b("\0".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def schedule(session: Session, items: list[Planned]) -> list[Planned]:
    """On a mailbox that can schedule, a message with a due day leaves on that day
    at the mailbox's hour; when that moment has passed it stays a draft."""
    if not any(item.due is not None for item in items) or not session.can_schedule():
        return items
    mailbox = session.mailbox()
    scheduled = []
    for item in items:
        if item.due is not None and item.send_at is None:
            at = mailbox.send_time(item.due, session.zone)
            item = dataclasses.replace(item, send_at=at if at > session.now else None)
        scheduled.append(item)
    return scheduled


def compose(session: Session, item: Planned) -> Composed:
    """``item`` composed from the run's snapshot (its interview's notes and debrief)."""
    snapshot = session.snapshot
    return session.composer.compose(item, snapshot.notes.get(item.interview.id, []),
                                    snapshot.debriefs.get(item.interview.id), now=session.now, zone=session.zone)


def proofread(session: Session, composed: Composed) -> list[dict]:
    """The proofreader's findings on a composed message, read against the run's snapshot."""
    from mailflow import proofread as proofreader
    from mailflow.compose import letters
    from mailflow.proofread.context import for_draft

    item = composed.item
    ctx = for_draft(session.snapshot, session.config, item.kind, item.recipient, item.application,
                    item.interview, session.now, letters.placeholder_texts(composed.context),
                    letters.recorded_texts(composed.context), words=session.known_words())
    findings = proofreader.proofread_message(composed.message, ctx, session.config.proofread, session.config.policy)
    return [dataclasses.asdict(f) for f in findings]


def write(session: Session, items: list[Planned], report: WriteLog) -> None:
    """Compose, proofread and deliver each planned message, exactly once. In a
    dry run (``report.dry_run``) nothing reaches the mailbox."""
    ready: list[tuple[Composed, DraftReport]] = []
    for item in items:
        if plain_address(item.recipient.email) is None:
            _bad_record(session, item, report)
            continue
        entry = DraftReport(
            key=item.key, kind=item.kind, interview=item.interview.id, company=item.interview.company,
            to=item.recipient.email, to_name=item.recipient.name, subject="",
            replaced=item.replaces is not None, why=item.why,
        )
        try:
            composed = compose(session, item)
            entry.subject, entry.placeholder, entry.body = composed.subject, composed.placeholder, composed.body
            entry.findings = proofread(session, composed)
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
        if not report.dry_run:
            ready.append((composed, entry))
    if ready:
        _deliver(session, ready, report)


def _bad_record(session: Session, item: Planned, report: WriteLog) -> None:
    """A recipient the state holds that is no usable address (an older version
    stored it, or a hand-edited state): skipped, and said once as a problem with
    the command that fixes it, then as a warning, so cron does not mail it every run."""
    seen = session.store.sync_cache(BAD_RECORDS)
    told = set(seen.data.get("keys", []))
    what = f"{item.kind} to {item.recipient.email!r} ({item.interview.id})"
    message = "the state holds this recipient, which is not a usable address: nothing is written to it"
    hint = f"mailflow fix drop {item.interview.id} {item.recipient.email!r}"
    if item.key in told:
        report.warnings.append(f"{what}: {message} ({hint})")
        return
    report.problems.append(Problem(what, message, hint))
    seen.put("keys", sorted(told | {item.key}))
    session.store.save_sync_cache(BAD_RECORDS, seen, session.now)


def _draft(composed: Composed) -> NewDraft:
    from mailflow.compose import thread_of

    item = composed.item
    return NewDraft(composed.message, item.key, reply_to=thread_of(item.reply_to), send_at=item.send_at)


def _deliver(session: Session, ready: list[tuple[Composed, DraftReport]], report: WriteLog) -> None:
    """Write each message exactly once (see the module docstring)."""
    mailbox, store = session.mailbox(), session.store
    lost_state = not store.has_written(mailbox.name)
    to_create: list[tuple[Composed, NewDraft, DraftReport]] = []
    to_replace: list[tuple[Composed, NewDraft, DraftReport, Written]] = []
    unknown: list[tuple[Composed, DraftReport]] = []  # not found by key: looked for by every other rule
    for composed, entry in ready:
        item, draft = composed.item, _draft(composed)
        existing = store.message(item.key)
        replaces = item.replaces.written if item.replaces is not None else None
        try:
            if (existing is not None and existing.status == MessageState.INTENT) or (existing is None and lost_state):
                found = mailbox.find(item.key)
                # a draft still holding the content an interrupted replacement meant to overwrite
                stale = (found is not None and found.state == MessageState.DRAFT and mailbox.versions_are_digests
                         and existing is not None and bool(existing.body_digest) and found.ref is not None
                         and found.ref.version != existing.body_digest)
                if found is not None and not stale:  # written before a crash: confirm, do not rewrite
                    _record(session, found, composed, recorded=existing is not None)
                    entry.recovered = entry.written = True
                    continue
                if stale:
                    replaces = Written(item.key, found.ref, item.recipient.email, entry.subject, session.now)
                entry.recovered = existing is not None
                if existing is None and replaces is None:
                    unknown.append((composed, entry))
                    continue
        except AuthError:
            raise
        except MailflowError as exc:
            report.fail(f"{item.kind} to {item.recipient.email}", exc)
            continue
        store.record_intent(_intent(composed, mailbox.name), session.now)
        if replaces is not None:
            to_replace.append((composed, draft, entry, replaces))
        else:
            to_create.append((composed, draft, entry))
    for composed, entry in _not_found(session, unknown, report):
        store.record_intent(_intent(composed, mailbox.name), session.now)
        to_create.append((composed, _draft(composed), entry))
    done: list[tuple[Composed, NewDraft, DraftReport, DraftRef | Exception]] = []
    if to_create:
        results = mailbox.create_drafts([d for _, d, _ in to_create])
        done += [(c, d, e, r) for (c, d, e), r in zip(to_create, results, strict=True)]
    for composed, draft, entry, old in to_replace:
        try:
            done.append((composed, draft, entry, mailbox.update_draft(old, draft)))
        except AuthError:
            raise
        except MailflowError as exc:
            done.append((composed, draft, entry, exc))
    for composed, draft, entry, result in done:
        item = composed.item
        if isinstance(result, Exception):
            report.fail(f"{item.kind} to {item.recipient.email}", result)
            continue
        state = MessageState.SCHEDULED if draft.send_at else MessageState.DRAFT
        session.confirm(item.key, state, ref=result, edited=False)
        entry.written = True
        entry.send_at = draft.send_at


def _not_found(session: Session, unknown: list[tuple[Composed, DraftReport]], report: WriteLog
               ) -> list[tuple[Composed, DraftReport]]:
    """Of the messages a lost state does not know and the mailbox has not under
    their key, those it has by no other rule either (``Mailbox.look_for``: the user
    sent it from their client under a Message-ID of its own, maybe with an edited
    subject): the ones found are recorded as found, the rest returned to be written.
    When the mailbox cannot be read, none is written (one may be there)."""
    if not unknown:
        return []
    looked = {composed.item.key: _looked_for(composed) for composed, _ in unknown}
    try:
        found = session.mailbox().look_for(list(looked.values()))
    except AuthError:
        raise
    except MailflowError as exc:
        report.fail(f"looking for {len(unknown)} message(s) the state does not know", exc)
        return []
    left = []
    for composed, entry in unknown:
        status = found.get(composed.item.key)
        if status is None:
            left.append((composed, entry))
            continue
        _record(session, status, composed, recorded=False)
        entry.recovered = entry.written = True
    return left


def _looked_for(composed: Composed) -> Written:
    """A message as a lost state would have recorded it, for ``Mailbox.look_for``:
    it cannot have been written before its interview ended, nor before the message
    it replies to left, and a reply is in that message's thread."""
    item = composed.item
    earliest, thread = item.interview.end, ""
    if item.reply_to is not None:  # a reply: in the thread of what it replies to
        earliest = max([earliest, *(t for t in (item.reply_to.sent_at, item.reply_to.drafted_at) if t)])
        thread = item.reply_to.thread_id
    return Written(item.key, DraftRef("", str(composed.message["Message-ID"]), thread), item.recipient.email,
                   composed.subject, earliest, fingerprint(composed.body))


def _intent(composed: Composed, backend: str) -> MessageRecord:
    """The record saying, durably, that ``composed`` is about to be written."""
    item = composed.item
    return MessageRecord(
        key=item.key, kind=item.kind, recipient=item.recipient.email, backend=backend,
        status=MessageState.INTENT, application_id=item.application.id, interview_id=item.interview.id,
        recipient_name=item.recipient.name, subject=composed.subject,
        message_id=str(composed.message["Message-ID"]), placeholder=composed.placeholder, send_at=item.send_at,
        body_digest=body_digest(composed.body), inputs_digest=composed.inputs_digest,
        body_print=fingerprint(composed.body),
    )


def _record(session: Session, found: MessageStatus, composed: Composed, *, recorded: bool) -> None:
    """Confirm a message found in the mailbox; when the state had no record of it
    (``recorded`` False: a lost state), record it first."""
    if not recorded:
        session.store.record_intent(_intent(composed, session.mailbox().name), session.now)
    session.confirm(composed.item.key, found.state, ref=found.ref, sent_at=found.sent_at, evidence=found.evidence,
                    edited=True if found.edited else None,
                    subject=found.subject if found.state == MessageState.SENT else "")
