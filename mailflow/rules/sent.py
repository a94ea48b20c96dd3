"""Which message in a folder is one mailflow wrote, however the user's client treated it. Pure.

Real clients and webmail replace the Message-ID when they send a draft, drop
``X-`` headers, let the user edit the subject, and may start a new thread
(API_FACTS §8). So a message of ours is recognised, in order of certainty:

1. by its ``X-Mailflow-Key`` header (``Evidence.KEY``);
2. by the Message-ID mailflow gave it (``Evidence.MESSAGE_ID``);
3. by a message **to the same recipient**, dated **after it was written**
   (allowing a few minutes of clock skew), that is in the same thread, or whose
   References chain holds the message it replied to (``Evidence.THREAD``);
4. by such a message with the **same subject** up to Re:/Fwd: prefixes, case
   and whitespace (``Evidence.RECIPIENT_SUBJECT``).

Each filed message answers for at most one of ours (the closest in time when
several could claim it), so two notes to one person are never both "sent" by
one message.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from mailflow.model import Evidence, Filed, Written, same_subject

#: how much earlier than "written" a filed copy may be dated (clocks disagree)
SKEW = timedelta(minutes=10)


def recognise(written: Iterable[Written], filed: Iterable[Filed], *,
              replied_to: dict[str, str] | None = None) -> dict[str, tuple[Filed, Evidence]]:
    """Key -> (the filed message that is it, the evidence), for every one of
    ``written`` found in ``filed``. ``replied_to`` maps a key to the Message-ID
    its message replies to (a follow-up's thank-you), for the References rule.

    Linear in ``written`` plus ``filed``: each message of ours is compared only
    with the filed messages sharing its key, Message-ID or recipient."""
    written = list(written)
    filed = list(filed)
    replied_to = replied_to or {}
    by_key: dict[str, list[int]] = defaultdict(list)
    by_id: dict[str, list[int]] = defaultdict(list)
    by_recipient: dict[str, list[int]] = defaultdict(list)
    for index, f in enumerate(filed):
        if f.key:
            by_key[f.key].append(index)
        if _bare(f.message_id):
            by_id[_bare(f.message_id)].append(index)
        for address in dict.fromkeys(f.to):
            by_recipient[address].append(index)
    found: dict[str, tuple[Filed, Evidence]] = {}
    used: set[str] = set()
    # the certain matches first, so a weaker rule never takes a message a stronger one owns
    for w in written:
        candidates = (by_key.get(w.key, []) if w.key else []) + by_id.get(_bare(w.ref.message_id), [])
        for index in sorted(set(candidates)):  # the first in folder order, as a scan would find it
            f = filed[index]
            if f.backend_id in used:
                continue
            found[w.key] = (f, Evidence.KEY if w.key and f.key == w.key else Evidence.MESSAGE_ID)
            used.add(f.backend_id)
            break
    for rule in (Evidence.THREAD, Evidence.RECIPIENT_SUBJECT):
        for w in written:
            if w.key in found or not w.recipient:
                continue
            claims = [filed[i] for i in by_recipient.get(w.recipient.lower(), [])
                      if filed[i].backend_id not in used
                      and _claims(w, filed[i], rule, replied_to.get(w.key, ""))]
            if not claims:
                continue
            best = min(claims, key=lambda f: abs((f.date - w.written_at).total_seconds())
                       if f.date and w.written_at else 0)
            found[w.key] = (best, rule)
            used.add(best.backend_id)
    return found


def _claims(w: Written, f: Filed, rule: Evidence, replied_to: str) -> bool:
    if f.key and f.key != w.key:  # another message of ours: it belongs to its own key
        return False
    if w.recipient.lower() not in f.to:
        return False
    if w.written_at is not None and f.date is not None and f.date < w.written_at - SKEW:
        return False
    if rule == Evidence.THREAD:
        same_thread = bool(w.ref.thread_id) and f.thread_id == w.ref.thread_id
        chain = {_bare(r) for r in f.references}
        return same_thread or bool(replied_to and _bare(replied_to) in chain)
    return same_subject(w.subject, f.subject)


def _bare(message_id: str) -> str:
    return message_id.strip().strip("<>").strip().lower()
