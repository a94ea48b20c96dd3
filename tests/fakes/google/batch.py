"""Google's batch endpoint: multipart/mixed of application/http parts in and
out, at most 100 calls (API_FACTS §1.5). Each inner call goes through the
same dispatch as a request of its own, and counts under its own route."""

from __future__ import annotations

import email
import email.policy
from http import HTTPStatus

from tests.fakes.google.common import HttpFailure
from tests.fakes.http import Request, Response, lower_headers

# the Python client posts to rootUrl + batchPath, whatever the api_endpoint (API_FACTS §3.2)
ROUTES = [
    ("POST", r"/batch", "batch"),
    ("POST", r"/batch/calendar/v3", "batch"),
]
MAX_CALLS = 100


class Batch:
    """Mixin of :class:`FakeGoogle`."""

    def _batch(self, request: Request) -> Response:
        content_type = request.headers.get("content-type", "")
        if not content_type.startswith("multipart/mixed"):
            raise HttpFailure(400, "batch requests must be multipart/mixed")
        envelope = email.message_from_bytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + request.body, policy=email.policy.compat32
        )
        parts = envelope.get_payload()
        if not isinstance(parts, list) or not parts:
            raise HttpFailure(400, "empty batch")
        if len(parts) > MAX_CALLS:
            raise HttpFailure(400, f"Too many requests in batch (max {MAX_CALLS})")
        boundary = f"batch_{next(self._ids)}_fake"
        out = []
        with self.lock:  # the calls run in parallel: each is one more in progress (server.py)
            room = self.concurrent_limit - self.in_progress
            self.in_progress += len(parts) - 1  # the batch itself was counted already
        try:
            return self._calls(parts, boundary, out, room)
        finally:
            with self.lock:
                self.in_progress -= len(parts) - 1

    def _calls(self, parts: list, boundary: str, out: list[str], room: int) -> Response:
        for number, part in enumerate(parts):
            if part.get_content_type() != "application/http":
                raise HttpFailure(400, "each batch part must be application/http")
            content_id = part.get("Content-ID", "")
            request_line, _, rest = part.get_payload().replace("\r\n", "\n").partition("\n")
            method, target, _ = request_line.split(" ", 2)
            inner = email.message_from_string(rest, policy=email.policy.compat32)
            answer = self.too_many() if number > room else self.handle(
                Request(method, target, lower_headers(inner.items()), (inner.get_payload() or "").encode()),
                inner=True)
            lines = [
                f"--{boundary}",
                "Content-Type: application/http",
                f"Content-ID: <response-{content_id.strip('<>')}>",
                "",
                f"HTTP/1.1 {answer.status} {HTTPStatus(answer.status).phrase}",
            ]
            lines += [f"{k}: {v}" for k, v in answer.headers.items()]
            lines += ["", answer.body.decode()]
            out.append("\r\n".join(lines))
        text = "\r\n".join(out) + f"\r\n--{boundary}--\r\n"
        return Response(200, text.encode(), {"Content-Type": f"multipart/mixed; boundary={boundary}"})
