"""Files attached to a draft: what ``remark --kind promised --file`` recorded."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

#: the largest file a draft carries: what a Graph draft takes in one request (3 MB), so
#: the same note can be drafted on every mailbox
ATTACHMENT_LIMIT = 3_000_000


def attach(message: EmailMessage, path: Path) -> None:
    """``path`` attached to ``message`` as a MIME part typed from its name."""
    import mimetypes

    kind, encoding = mimetypes.guess_type(path.name)
    if kind is None or encoding is not None:
        kind = "application/octet-stream"
    maintype, subtype = kind.split("/", 1)
    data = path.read_bytes()
    if maintype == "text":
        message.add_attachment(data.decode("utf-8", errors="replace"), subtype=subtype, filename=path.name)
    else:
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=path.name)


def readable_attachment(path: str) -> bool:
    """Whether a recorded file can still be attached."""
    try:
        return bool(path) and Path(path).is_file() and Path(path).stat().st_size <= ATTACHMENT_LIMIT
    except OSError:
        return False
