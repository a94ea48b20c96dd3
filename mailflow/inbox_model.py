"""The second inbox reader's trained model, shipped in the package (``inbox_model.json``) and
read on first use only: a run with no new mail, or whose new mail the rules read as a
rejection or an offer or the headers decided (an autoreply, a mailing list), never opens it;
any other new message opens it (the reader may overrule the rules there when very sure). ``bench/inbox/train.py`` writes the file from the labelled sets;
``rules.reader`` scores with it."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from mailflow.rules.reader import Model

#: the shipped file, beside this module
MODEL_FILE = Path(__file__).resolve().parent / "inbox_model.json"


@cache
def load() -> Model | None:
    """The shipped model, read once per process; None when the file is missing or unreadable
    (the rules then read alone)."""
    try:
        return Model.from_dict(json.loads(MODEL_FILE.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
