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
   and whitespace (``Evidence.RECIPIENT_SUBJECT``);
5. by such a message with **mostly the same words** (``Evidence.RECIPIENT_BODY``):
   the user edited the subject before sending. Words are compared as
   ``fingerprint``s, which survive re-wrapped lines, quoted earlier mail and a
   changed sentence or two (``resemblance`` >= ``SAME_WORDS``).

Each filed message answers for at most one of ours (the closest in time when
several could claim it), so two notes to one person are never both "sent" by
one message.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from mailflow.model import Evidence, Filed, Written, same_subject
from mailflow.patterns import lazy

#: how much earlier than "written" a filed copy may be dated (clocks disagree)
SKEW = timedelta(minutes=10)

#: the resemblance above which two bodies are the same letter: a 120-word note with
#: one sentence rewritten keeps about 0.7; two different letters of ours to one
#: person (a thank-you and its follow-up) share about 0.1
SAME_WORDS = 0.5
#: how many word triples a fingerprint keeps (the smallest hashes: bottom-k sketch)
PRINT_SIZE = 64
#: how many filed messages a run reads the body of for rule 5 (the closest in time first)
BODY_READS = 25

#: where a client's quotation of earlier mail begins; what follows is not the letter
_QUOTE_START = lazy(
    r"^(?:-{2,}\s*(?:original message|forwarded message|urspr\u00fcngliche nachricht)\s*-{2,}"
    r"|on\b.{0,200}\bwrote:|am\b.{0,200}\bschrieb\b.{0,60}:|le\b.{0,200}\ba \u00e9crit\s*:"
    r"|from:\s.+|_{10,})\s*$", re.IGNORECASE)
_WORD = lazy(r"\w+")


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
    for rule in (Evidence.THREAD, Evidence.RECIPIENT_SUBJECT, Evidence.RECIPIENT_BODY):
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


def body_candidates(written: Iterable[Written], filed: Iterable[Filed], *,
                    replied_to: dict[str, str] | None = None, limit: int = BODY_READS) -> list[Filed]:
    """The filed messages whose words rule 5 needs and does not have: those that
    could be the copy of one of ``written`` not recognised by rules 1-4 (to its
    recipient, dated after it was written, not another message of ours, not claimed
    already), at most ``limit`` of them, the closest in time to a message of ours
    first. A mailbox reads the bodies of these only, so a run never reads a whole
    sent folder."""
    written = [w for w in written if w.body_print and w.recipient]
    filed = list(filed)
    if not written:
        return []
    found = recognise(written, filed, replied_to=replied_to)
    used = {f.backend_id for f, _ in found.values()}
    wanted: dict[str, tuple[float, Filed]] = {}
    for w in written:
        if w.key in found:
            continue
        for f in filed:
            if f.backend_id in used or f.body_print or not _eligible(w, f):
                continue
            gap = abs((f.date - w.written_at).total_seconds()) if f.date and w.written_at else 0.0
            if f.backend_id not in wanted or gap < wanted[f.backend_id][0]:
                wanted[f.backend_id] = (gap, f)
    return [f for _, f in sorted(wanted.values(), key=lambda pair: pair[0])[:limit]]


def _eligible(w: Written, f: Filed) -> bool:
    """``f`` could be the copy of ``w`` by recipient and time (every rule but 1 and 2 asks this)."""
    if f.key and f.key != w.key:  # another message of ours: it belongs to its own key
        return False
    if w.recipient.lower() not in f.to:
        return False
    return not (w.written_at is not None and f.date is not None and f.date < w.written_at - SKEW)


def _claims(w: Written, f: Filed, rule: Evidence, replied_to: str) -> bool:
    if not _eligible(w, f):
        return False
    if rule == Evidence.THREAD:
        same_thread = bool(w.ref.thread_id) and f.thread_id == w.ref.thread_id
        chain = {_bare(r) for r in f.references}
        return same_thread or bool(replied_to and _bare(replied_to) in chain)
    if rule == Evidence.RECIPIENT_BODY:
        return resemblance(w.body_print, f.body_print) >= SAME_WORDS
    return same_subject(w.subject, f.subject)


def fingerprint(text: str) -> str:
    """The words of a letter as a short, comparable sketch: the ``PRINT_SIZE``
    smallest hashes of its word triples, lower-cased, after dropping quoted lines
    (``>``) and everything from a client's "On ... wrote:" / "From:" /
    "Original Message" header on. Line wrapping, spacing and punctuation do not
    change it. "" for a text with fewer than three words."""
    words: list[str] = []
    for line in str(text).replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if stripped.startswith(">"):
            continue
        if _QUOTE_START.match(stripped):
            break
        words.extend(w.casefold() for w in _WORD.findall(stripped))
    triples = {" ".join(words[i:i + 3]) for i in range(len(words) - 2)}
    hashes = sorted({int.from_bytes(hashlib.blake2b(t.encode("utf-8"), digest_size=8).digest(), "big")
                     for t in triples})[:PRINT_SIZE]
    return " ".join(format(h, "x") for h in hashes)


def resemblance(a: str, b: str) -> float:
    """How much of their words two fingerprints share, 0..1 (an estimate of the
    Jaccard resemblance of the word triples); 0 when either is empty."""
    if not a or not b:
        return 0.0
    first, second = set(a.split()), set(b.split())
    union = sorted(first | second, key=lambda h: int(h, 16))[:PRINT_SIZE]
    return sum(1 for h in union if h in first and h in second) / len(union)


def _bare(message_id: str) -> str:
    return message_id.strip().strip("<>").strip().lower()
