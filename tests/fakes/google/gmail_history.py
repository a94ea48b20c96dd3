"""Gmail's history (history.list): every change to a message is a record with
a rising id, and an id older than what Gmail keeps answers 404 (API_FACTS §1.4;
``expire_history`` makes every earlier id too old).

A record's messages carry only ``id`` and ``threadId`` (API_FACTS §9.3: the
History resource documents ``labelIds`` only on ``labelsAdded`` /
``labelsRemoved`` changes, and Gmail leaves them out of ``messagesAdded`` /
``messagesDeleted`` as often as not), so a client cannot tell from history
alone whether an added message is a draft, a sent message or mail received.
``history_labels = True`` gives the kinder records with labels."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.fakes.google.common import NOT_FOUND, HttpFailure, one, page

if TYPE_CHECKING:
    from tests.fakes.google.gmail_messages import Message

ROUTES = [
    ("GET", r"/gmail/v1/users/(?P<user>[^/]+)/history", "history.list"),
]


class GmailHistory:
    """Mixin of :class:`FakeGoogle`."""

    def _setup_history(self) -> None:
        self.history: list[dict[str, Any]] = []
        self.history_id = 1000
        self.history_floor = 0
        #: records with the message's labels (kinder than Gmail); off by default
        self.history_labels = False

    def expire_history(self) -> None:
        """Gmail dropped its history: every earlier history id answers 404."""
        with self.lock:
            self.history_floor = self.history_id + 1
            self.history_id += 1

    def _record(self, kind: str, message: Message) -> None:
        """``kind`` (messagesAdded, messagesDeleted...) happened to ``message``."""
        self.history_id += 1
        message.history_id = self.history_id
        ref = {"id": message.id, "threadId": message.thread_id}
        if self.history_labels:
            ref["labelIds"] = sorted(message.labels)
        self.history.append({"id": str(self.history_id), "messages": [ref], kind: [{"message": ref}]})

    def _history_list(self, params: dict, query: dict, body: bytes) -> dict:
        start_text = one(query, "startHistoryId", "")
        if not start_text.isdigit():
            raise HttpFailure(400, "Invalid startHistoryId", "invalidArgument")
        start = int(start_text)
        if start < self.history_floor or start > self.history_id:
            raise HttpFailure(404, NOT_FOUND)
        records = [r for r in self.history if int(r["id"]) > start]
        answer = page(records, "history", query, default_size=100)
        answer["historyId"] = str(self.history_id)
        if not answer["history"]:
            del answer["history"]
        return answer
