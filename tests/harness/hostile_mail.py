"""Hostile inbox messages for the inbox fuzz (``bench/fuzz_inbox.py``) and its reproducers
(``tests/unit/test_hostile_mail.py``, the mailbox scenarios): a plain recruiter's reply,
and seeded mutations of its bytes that a stranger can send.

- ``good_message(sender, when)``: a reply from ``sender`` that mailflow reads.
- ``MUTATIONS``: name -> ``mutate(rng, raw) -> raw``: headers cut, doubled, emptied,
  binary, huge; wrong or unknown charsets; encoded words nested or cut; MIME bombs (deep
  nesting, thousands of parts, one huge part, message/rfc822 inside itself); HTML bombs.
- ``hostile(rng, sender, when)``: one message with one to three mutations, and their names.
- ``REPRODUCERS``: name -> bytes, the cases the fuzz found or the issue names, fixed.
"""

from __future__ import annotations

import base64
import random
from datetime import datetime
from email.utils import format_datetime

HEADERS = ("From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID", "In-Reply-To", "References",
           "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "MIME-Version", "Auto-Submitted",
           "List-Id", "List-Unsubscribe", "Precedence", "X-Autoreply", "Return-Path", "Sender")
#: values a header parser chokes on
BROKEN_VALUES = ("<", ">", "<<", "<>", '"', '"unclosed', "<@", "@", ",,,<@>", "(((", ")", "\\", "=?", "=?utf-8?",
                 "=?utf-8?b?", "=?utf-8?q?=ZZ?=", "=?x-unknown?q?abc?=", "=?utf-8?b?" + "A" * 4001 + "?=",
                 ":", ";", "<a@b", "a@", "@b", "<<<>>>@", "\t", " ", "", "=?utf-8?q?=0D=0ABcc:_x@evil?=",
                 "=?idna?q?x?=", "=?utf-7?b?K0FHdy0?=", "Mon, 99 Foo 99999 99:99:99 +9999", "0", "-1",
                 "Thu, 31 Feb 2026 25:61:61 +2500", "<\udcff@x>")
CHARSETS = ("utf-8", "iso-8859-1", "x-unknown", "utf-7", "idna", "utf-16", "utf-32", "base64", "rot13", "zlib",
            "", '"', "us-ascii", "gb2312", "shift_jis", "unicode-escape", "punycode", "koi8-r", "windows-1252",
            "a" * 500)


def good_message(sender: str = "Sam Lee <sam.lee@acme.example>", when: datetime | None = None,
                 subject: str = "Re: Thank you", body: str = "Hi Alex,\n\nThanks for your note.\n\nSam\n") -> bytes:
    when = when or datetime(2021, 11, 29, 15, 0).astimezone()
    return (f"From: {sender}\r\nTo: Alex Doe <alex@candidate.example>\r\nSubject: {subject}\r\n"
            f"Date: {format_datetime(when)}\r\nMessage-ID: <reply.{when.timestamp():.0f}@acme.example>\r\n"
            f"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Transfer-Encoding: 8bit\r\n\r\n{body}").encode()


def _split(raw: bytes) -> tuple[list[bytes], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    return head.split(b"\r\n"), body


def _join(lines: list[bytes], body: bytes) -> bytes:
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def _pick_line(rng: random.Random, lines: list[bytes]) -> int:
    return rng.randrange(len(lines)) if lines else 0


def cut_header(rng, raw):
    lines, body = _split(raw)
    i = _pick_line(rng, lines)
    if lines:
        lines[i] = lines[i][:rng.randrange(len(lines[i]) + 1)]
    return _join(lines, body)


def double_header(rng, raw):
    lines, body = _split(raw)
    i = _pick_line(rng, lines)
    if lines:
        lines[i:i] = [lines[i]] * rng.choice((1, 2, 50))
    return _join(lines, body)


def empty_header(rng, raw):
    lines, body = _split(raw)
    return _join([f"{rng.choice(HEADERS)}:".encode(), *lines], body)


def broken_header(rng, raw):
    lines, body = _split(raw)
    value = rng.choice(BROKEN_VALUES).encode("utf-8", "surrogateescape")
    return _join([f"{rng.choice(HEADERS)}: ".encode() + value, *lines], body)


def binary_header(rng, raw):
    lines, body = _split(raw)
    junk = bytes(rng.randrange(256) for _ in range(rng.choice((1, 20, 300))))
    return _join([f"{rng.choice(HEADERS)}: ".encode() + junk.replace(b"\r\n", b" "), *lines], body)


def huge_header(rng, raw):
    lines, body = _split(raw)
    name = rng.choice(HEADERS)
    unit = {"To": b"a@b.example, ", "Cc": b'"x, y" <c@d.example>, ', "References": b"<r@x.example> ",
            "Subject": b"=?utf-8?b?w6k=?= "}.get(name, b"x")
    return _join([f"{name}: ".encode() + unit * (rng.choice((10_000, 300_000)) // len(unit)), *lines], body)


def many_headers(rng, raw):
    lines, body = _split(raw)
    return _join([b"X-Spam: " + b"y" * rng.randrange(1, 40)] * rng.choice((1000, 60_000)) + lines, body)


def folded_forever(rng, raw):
    lines, body = _split(raw)
    return _join([b"Subject: a", *[b" b" for _ in range(rng.choice((100, 50_000)))], *lines], body)


def wrong_charset(rng, raw):
    lines, body = _split(raw)
    lines = [ln for ln in lines if not ln.lower().startswith(b"content-type")]
    charset = rng.choice(CHARSETS).encode()
    lines.append(b"Content-Type: text/plain; charset=" + charset)
    return _join(lines, "Grüße, 你好, привет — ".encode(rng.choice(("utf-8", "utf-16", "latin-1", "gbk")),
                                                          "replace") + body)


def encoded_words(rng, raw):
    lines, body = _split(raw)
    word = rng.choice(BROKEN_VALUES[:5]) + "Sam"
    for _ in range(rng.randrange(1, 6)):  # an encoded word holding an encoded word ...
        word = "=?utf-8?b?" + base64.b64encode(word.encode()).decode() + "?="
    name = rng.choice(("From", "Subject", "Reply-To", "Message-ID"))
    value = f"{word} <sam.lee@acme.example>" if name in ("From", "Reply-To") else word
    return _join([f"{name}: {value}".encode(), *lines], body)


def wrong_transfer_encoding(rng, raw):
    lines, body = _split(raw)
    lines = [ln for ln in lines if not ln.lower().startswith(b"content-transfer-encoding")]
    lines.append(b"Content-Transfer-Encoding: " + rng.choice((b"base64", b"quoted-printable", b"x-uuencode",
                                                             b"uuencode", b"7bit", b"binary", b"\xff")))
    return _join(lines, rng.choice((body, b"@@@not base64===" * 50, b"=ZZ=\r\n=" * 50, b"begin 644 x\n" + body)))


def _multipart_head(lines: list[bytes], boundary: str, kind: str = "mixed") -> list[bytes]:
    kept = [ln for ln in lines if not ln.lower().startswith((b"content-type", b"content-transfer-encoding"))]
    return [*kept, f'Content-Type: multipart/{kind}; boundary="{boundary}"'.encode()]


def deep_nesting(rng, raw):
    lines, body = _split(raw)
    depth = rng.choice((50, 1000, 5000))
    opening = b"".join(f"--b{i}\r\nContent-Type: multipart/mixed; boundary=b{i + 1}\r\n\r\n".encode()
                       for i in range(depth))
    return _join(_multipart_head(lines, "b0"), opening + f"--b{depth}\r\nContent-Type: text/plain\r\n\r\n".encode()
                 + body)


def rfc822_nesting(rng, raw):
    lines, body = _split(raw)
    depth = rng.choice((50, 3000))
    return _join([*[ln for ln in lines if not ln.lower().startswith(b"content-type")],
                  b"Content-Type: message/rfc822"], b"Content-Type: message/rfc822\r\n\r\n" * depth + body)


def many_parts(rng, raw):
    lines, body = _split(raw)
    count = rng.choice((300, 20_000))
    part = b"--z\r\nContent-Type: text/plain\r\n\r\n" + body[:40] + b"\r\n"
    return _join(_multipart_head(lines, "z"), part * count + b"--z--\r\n")


def huge_part(rng, raw):
    lines, body = _split(raw)
    size = rng.choice((3_000_000, 12_000_000))
    kind = rng.choice((b"text/plain", b"text/html", b"application/pdf"))
    return _join(_multipart_head(lines, "h"), b"--h\r\nContent-Type: text/plain\r\n\r\n" + body +
                 b"\r\n--h\r\nContent-Type: " + kind + b"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
                 b"QUFBQUFB\r\n" * (size // 10) + b"--h--\r\n")


def html_bomb(rng, raw):
    lines, body = _split(raw)
    lines = [ln for ln in lines if not ln.lower().startswith(b"content-type")]
    html = rng.choice((b"<div>" * 200_000, b"<p>a</p>" * 300_000, b"<table><tr><td>" * 50_000,
                       b"<!--" + b"-" * 500_000, b"<a href='" + b"x" * 1_000_000, b"&#" + b"9" * 100_000 + b";"))
    return _join([*lines, b"Content-Type: text/html; charset=utf-8"], html + body)


def no_boundary(rng, raw):
    lines, body = _split(raw)
    return _join([*[ln for ln in lines if not ln.lower().startswith(b"content-type")],
                  rng.choice((b"Content-Type: multipart/mixed", b"Content-Type: multipart/mixed; boundary=",
                              b'Content-Type: multipart/alternative; boundary=""', b"Content-Type: multipart/"))],
                 body)


def line_endings(rng, raw):
    return raw.replace(b"\r\n", rng.choice((b"\r", b"\n", b"\n\r", b"\r\r\n")))


def nul_bytes(rng, raw):
    i = rng.randrange(len(raw) + 1)
    return raw[:i] + b"\x00" * rng.choice((1, 1000)) + raw[i:]


def truncated(rng, raw):
    return raw[:rng.randrange(len(raw) + 1)]


def no_headers(rng, raw):
    return _split(raw)[1] if rng.random() < 0.5 else b"\r\n\r\n" + raw


MUTATIONS = {f.__name__: f for f in (
    cut_header, double_header, empty_header, broken_header, binary_header, huge_header, many_headers,
    folded_forever, wrong_charset, encoded_words, wrong_transfer_encoding, deep_nesting, rfc822_nesting,
    many_parts, huge_part, html_bomb, no_boundary, line_endings, nul_bytes, truncated, no_headers,
)}
#: mutations that keep the From and Date lines, so the message is still one to read
KEEP_SENDER = {"double_header", "empty_header", "broken_header", "binary_header", "huge_header", "many_headers",
               "folded_forever", "wrong_charset", "encoded_words", "wrong_transfer_encoding", "deep_nesting",
               "rfc822_nesting", "many_parts", "huge_part", "html_bomb", "no_boundary"}


def hostile(rng: random.Random, sender: str = "Sam Lee <sam.lee@acme.example>",
            when: datetime | None = None) -> tuple[bytes, list[str]]:
    """One hostile message (one to three mutations of a good reply) and what was done."""
    raw = good_message(sender, when)
    names = rng.sample(sorted(MUTATIONS), rng.choice((1, 1, 2, 3)))
    for name in names:
        raw = MUTATIONS[name](rng, raw)
    return raw, names


#: the examples of the issue and what the fuzz found, each a plain test
REPRODUCERS = {
    "message_id_open_bracket": good_message().replace(b"Message-ID: <reply.", b"Message-ID: <\r\nX-Old: <reply."),
    "from_open_bracket": b"From: <\r\n" + good_message(),
    "from_unclosed_quote": good_message().replace(b"From: Sam Lee", b'From: "Sam Lee'),
    "reply_to_open_bracket": b"Reply-To: <\r\n" + good_message(),
    "to_empty_groups": b"To: ,,,<@>\r\n" + good_message(),
    "message_id_brackets_only": b"Message-ID: <<<>>>@\r\n" + good_message(),
    "subject_binary": b"Subject: \xff\xfe\x00\x01binary\r\n" + good_message(),
    "date_out_of_range": b"Date: Mon, 99 Foo 99999 99:99:99 +9999\r\n" + good_message(),
    "charset_idna": good_message().replace(b"charset=utf-8", b"charset=idna"),
    "charset_unknown": good_message().replace(b"charset=utf-8", b"charset=x-no-such-charset"),
    "nested_encoded_words": b"Subject: =?utf-8?b?" + base64.b64encode(b"=?utf-8?q?=0D=0ABcc:_x@evil?=") + b"?=\r\n"
                            + good_message(),
    "deep_nesting_5000": _join(_multipart_head(_split(good_message())[0], "b0"),
          b"".join(f"--b{i}\r\nContent-Type: multipart/mixed; boundary=b{i + 1}\r\n\r\n".encode() for i in range(5000))
          + b"--b5000\r\nContent-Type: text/plain\r\n\r\nHi Alex,\r\n"),
    "many_parts_20000": _join(_multipart_head(_split(good_message())[0], "z"),
                              b"--z\r\nContent-Type: text/plain\r\n\r\nHi\r\n" * 20_000 + b"--z--\r\n"),
    "huge_subject_20mb": b"Subject: " + b"x" * 20_000_000 + b"\r\n" + good_message(),
    "html_div_bomb": good_message().replace(b"text/plain", b"text/html") + b"<div>" * 200_000,
}
