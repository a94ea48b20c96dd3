"""The reader the proofreader's unit tests write to: Lena Okoro of Fernhill Foods, thanked by
Sam Reyes after an interview for the Quality Manager post, and a note's findings and errors
as the proofreader gives them (the user's day in UTC, whatever zone the machine is in)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from mailflow.config import Policy, ProofreadConfig
from mailflow.proofread import ProofContext, proofread

#: what Lena said, as the candidate recorded it
REMARK = "a recall drill is only useful when the night shift runs it"
#: a sentence that names what she said, so a note is not generic
SPECIFIC = "Your point that a recall drill is only useful when the night shift runs it has stayed with me."

TO_LENA = ProofContext(kind="thank_you", recipient_name="Lena Okoro", recipient_email="lena.okoro@fernhill.example",
                       company="Fernhill Foods", role="Quality Manager", signature="Sam Reyes",
                       known_words=("Lena Okoro", "Piotr Nowak", "Fernhill Foods", "Quality Manager", "Sam Reyes"))
#: the same reader with her remark recorded, so a note is measured against it
TO_LENA_RECORDED = replace(TO_LENA, reader_notes=(REMARK,), recorded_words=(REMARK,))


@dataclass(frozen=True)
class Notes:
    """A note to ``ctx``'s reader, read by the proofreader: ``findings`` all of them,
    ``errors`` those that hold the note (of one ``check`` if given)."""

    ctx: ProofContext

    def findings(self, body: str, ctx: ProofContext | None = None, *, greeting: str = "Dear Lena,",
                 subject: str = "Thank you") -> list:
        return proofread(subject, f"{greeting}\n\n{body}\n\nBest regards,\nSam Reyes\n", ctx or self.ctx,
                         ProofreadConfig(), Policy(timezone="UTC"))

    def errors(self, body: str, ctx: ProofContext | None = None, check: str | None = None, *,
               greeting: str = "Dear Lena,", subject: str = "Thank you") -> list:
        return [f for f in self.findings(body, ctx, greeting=greeting, subject=subject)
                if f.severity == "error" and (check is None or f.check == check)]
