"""An IMAP server that cannot search headers: a TCP proxy on 127.0.0.1 in
front of a real one (the tests' Dovecot) that answers every ``SEARCH`` or
``UID SEARCH`` with a ``HEADER`` key itself, as some servers do (API_FACTS
§7.0):

``refuse``
    a tagged ``NO``: the server will not search on a custom header;
``ignore``
    an empty ``* SEARCH`` and ``OK``: the search "worked" and found nothing.

Everything else passes through untouched, so logins, folders, APPEND, FETCH
and the other searches are the real server's. ``intercepted`` lists the
command lines answered here, so a test can show the trap was met. The
``header_search_proxy`` fixture (conftest.py) puts one in front of the ``dovecot`` fixture's.

How: commands are read whole before they are passed on. A synchronising
literal (``{N}``) is acknowledged here with ``+`` and forwarded as
non-synchronising (``{N+}``, RFC 7888), which Dovecot accepts; so the proxy
never has to guess whether the server will ask for the literal. Plain text
only: use it with ``security = "none"``.
"""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator

_LITERAL = re.compile(rb"\{(\d+)(\+?)\}\r\n$")
_ATOMS = re.compile(rb'"(?:\\.|[^"\\])*"|[^\s()"]+')


class HeaderSearchProxy:
    """Listens on ``port`` and relays to ``upstream_port``; ``mode`` is
    ``refuse`` or ``ignore`` (see the module docstring)."""

    def __init__(self, upstream_port: int, mode: str):
        if mode not in ("refuse", "ignore"):
            raise ValueError(mode)
        self.upstream_port = upstream_port
        self.mode = mode
        self.intercepted: list[str] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    @property
    def port(self) -> int:
        return self._listener.getsockname()[1]

    def start(self) -> HeaderSearchProxy:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stop(self) -> None:
        self._listener.close()
        with self._lock:
            for sock in self._sockets:
                _close(sock)

    # ---- relaying ------------------------------------------------------------------

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:  # stopped
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            with self._lock:
                self._sockets += [client, upstream]
            to_client = threading.Lock()  # the relay below and this proxy's own answers
            threading.Thread(target=_pump, args=(upstream, client, to_client), daemon=True).start()
            threading.Thread(target=self._commands, args=(client, upstream, to_client), daemon=True).start()

    def _commands(self, client: socket.socket, upstream: socket.socket, to_client: threading.Lock) -> None:
        reader = client.makefile("rb")
        try:
            for lines, literals in _read_commands(reader, client, to_client):
                text = b"".join(lines)
                if self._answers(text):
                    self.intercepted.append(lines[0].decode("ascii", "replace").strip())
                    tag = text.split(b" ", 1)[0]
                    answer = (tag + b" NO [CANNOT] Search on this header is not supported\r\n"
                              if self.mode == "refuse" else b"* SEARCH\r\n" + tag + b" OK Search completed\r\n")
                    with to_client:
                        client.sendall(answer)
                    continue
                out = b""
                for line, literal in zip(lines, literals + [b""], strict=True):
                    out += _LITERAL.sub(lambda m: b"{" + m.group(1) + b"+}\r\n", line) + literal
                upstream.sendall(out)
        except OSError:
            pass
        finally:
            _close(client)
            _close(upstream)

    @staticmethod
    def _answers(command: bytes) -> bool:
        """A SEARCH or UID SEARCH with HEADER among its keys (not inside a quoted string)."""
        atoms = [a.upper() for a in _ATOMS.findall(command)]
        words = atoms[1:3]
        is_search = words[:1] == [b"SEARCH"] or words == [b"UID", b"SEARCH"]
        return is_search and b"HEADER" in atoms


def _read_commands(reader, client: socket.socket, to_client: threading.Lock) -> Iterator[tuple[list[bytes], list[bytes]]]:
    """Whole commands: (lines, literal data between them)."""
    while True:
        lines: list[bytes] = []
        literals: list[bytes] = []
        while True:
            line = reader.readline()
            if not line:
                return
            lines.append(line)
            match = _LITERAL.search(line)
            if match is None:
                break
            if not match.group(2):  # synchronising: the client waits for a go-ahead
                with to_client:
                    client.sendall(b"+ Ready for literal data\r\n")
            literals.append(reader.read(int(match.group(1))))
        yield lines, literals


def _pump(source: socket.socket, target: socket.socket, lock: threading.Lock) -> None:
    try:
        while data := source.recv(65536):
            with lock:
                target.sendall(data)
    except OSError:
        pass
    finally:
        _close(source)
        _close(target)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
