"""The applications a sync hands the detector (``engine.sync._pipeline``): each mail domain
with its application's role, and no role where two applications there name different ones
(mailflow never guesses between two)."""

from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace

from mailflow.engine.sync import _pipeline
from mailflow.store import Store

NOW = datetime(2026, 11, 3, 12, tzinfo=timezone.utc)


def test_a_domain_with_two_applications_of_different_roles_gives_no_role(tmp_path):
    with Store(tmp_path / "state.db") as store:
        store.application("Acme", NOW, role="SRE", domain="acme.example")
        store.application("Acme Robotics", NOW, role="Data Engineer", domain="acme.example")
        store.application("Globex", NOW, role="Analyst", domain="globex.example")
        store.application("Initech", NOW, domain="initech.example")

        assert _pipeline(SimpleNamespace(store=store)) == {
            "acme.example": "", "globex.example": "Analyst", "initech.example": ""}


def test_two_applications_naming_the_same_role_at_one_domain_give_that_role(tmp_path):
    with Store(tmp_path / "state.db") as store:
        store.application("Acme", NOW, role="SRE", domain="acme.example")
        store.application("Acme Inc", NOW, role="SRE", domain="acme.example")

        assert _pipeline(SimpleNamespace(store=store)) == {"acme.example": "SRE"}
