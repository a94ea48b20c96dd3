"""Backends by name, imported only when used (heavy clients stay unloaded)."""

from __future__ import annotations

import importlib

from mailflow.errors import MailflowError


def load_class(spec: str, error: type[MailflowError], what: str) -> type:
    """The class named by ``"module:Class"``; a missing module raises ``error``
    saying that ``what`` is not available."""
    module_name, _, class_name = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise error(
            f"{what} is not available ({exc.name} missing)",
            hint="reinstall mailflow with its dependencies, or choose another backend",
        ) from None
    return getattr(module, class_name)
