"""Each backend's config schema, as plain dataclasses: a ``[[calendars]]`` entry per
source type (``calendars``), a ``[mail.NAME]`` section per mailbox (``mailboxes``)
and the shared logins of ``[providers.*]`` (``providers``).

Light on purpose: the config reads these and the registry pairs them with their
backends without importing any backend or client library.
"""
