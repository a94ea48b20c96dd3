"""The rules: pure functions from facts to decisions.

- ``detect``: calendar events -> interviews, company, interviewers, with reasons
- ``plan``: the etiquette plan: which thank-you notes and follow-ups are due now
- ``followups``: follow-up scheduling and going cold (F1-F5)
- ``replies``: whether a received message is a real answer from the company
- ``timeline``: business days, and the decision date an interviewer gave

Modules here import only the model, the settings they need and the standard
library (and the date libraries the timeline reads with): no store, no
backends, no I/O, no clock. ``tests/unit/test_layers.py`` holds them to it.
"""
