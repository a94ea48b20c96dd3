"""Graph JSON batching: ``POST /$batch`` with at most 20 requests (API_FACTS
§4.6). Each inner request is logged as server "batch" and answered by the
same dispatch as a request of its own; faults can target it (``in_batch``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fakes.graph.common import Call, GraphError, Logged

ROUTES = [
    ("POST", r"/\$batch", "_batch"),
]
MAX_REQUESTS = 20


class Batch:
    """Mixin of :class:`FakeMicrosoft`."""

    def _batch(self, call: Call) -> tuple[int, dict[str, str], Any]:
        requests_ = (call.body or {}).get("requests", [])
        if len(requests_) > MAX_REQUESTS:
            raise GraphError(400, "BadRequest",
                             f"Number of batch request steps exceeds the maximum of {MAX_REQUESTS}.")
        responses = []
        for item in requests_:
            split = urlsplit(item["url"])
            query = {k: v[0] for k, v in parse_qs(split.query).items()}
            headers = {k.lower(): v for k, v in (item.get("headers") or {}).items()}
            path = split.path
            if path.startswith("/v1.0"):
                path = path[len("/v1.0"):]
            record = Logged("batch", item["method"], path, query, headers, item.get("body"))
            self.log.append(record)
            status, hdrs, data = self.graph(item["method"], path, query, headers,
                                            item.get("body"), in_batch=True)
            record.status = status
            entry: dict[str, Any] = {"id": item["id"], "status": status, "headers": hdrs}
            if data is not None:
                entry["body"] = data
            responses.append(entry)
        return 200, {}, {"responses": responses}
