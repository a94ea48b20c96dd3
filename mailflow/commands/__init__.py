"""What each command does, one module per group; each function returns its report
(``mailflow.reports``) and never prints or exits.

- ``run``: run (the cron job), scan, preview, doctor
- ``notes``: remark, mark-sent
- ``status``: the pipeline at a glance
- ``outcomes``: accept, withdraw, rejected
- ``debrief``: the reflection form in ``$EDITOR``
- ``linkedin``: connection notes
- ``proofread``: check a message edited by hand
- ``setup``: init, auth
- ``common``: what several commands share (a scratch state, finding a person)
"""
