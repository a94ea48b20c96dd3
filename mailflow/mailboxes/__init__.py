"""Mailbox backends: the interface in ``base``, one module per backend (see ``registry``)."""
