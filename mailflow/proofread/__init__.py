"""Proofreading a message before it becomes a draft, or one the user edited by hand.

- ``names``: the check names, message kinds and ``Finding`` (light: the config reads them)
- ``reading``: a message's plain text and the layout of its lines
- ``dictionary``: the spelling dictionary and the words a context makes known
- ``checks``: the checks themselves and the entry points below (their contract is there)

The entry points load the dictionary on first use, so importing this package is cheap.
"""

from __future__ import annotations

from mailflow.proofread.names import CHECKS, ERROR, KINDS, WARNING, Finding, ProofContext


def proofread(*args, **kwargs) -> list[Finding]:
    from mailflow.proofread.checks import proofread as check

    return check(*args, **kwargs)


def proofread_message(*args, **kwargs) -> list[Finding]:
    from mailflow.proofread.checks import proofread_message as check

    return check(*args, **kwargs)


def proofread_file(*args, **kwargs) -> list[Finding]:
    from mailflow.proofread.checks import proofread_file as check

    return check(*args, **kwargs)


def validate_settings(*args, **kwargs) -> None:
    from mailflow.proofread.checks import validate_settings as check

    check(*args, **kwargs)


__all__ = ["CHECKS", "ERROR", "KINDS", "WARNING", "Finding", "ProofContext", "proofread",
           "proofread_message", "proofread_file", "validate_settings"]
