"""Suites of tests a backend runs by subclassing them (as vdirsyncer's ``StorageTests``):
``calendar_source.py`` (the ``CalendarSource`` contract), ``mailbox.py`` (the ``Mailbox``
contract) and ``user_actions.py`` (what the user does to mailflow's drafts in their mail
client, through the command line). None is collected on its own: the class names do not
start with ``Test``; ``tests/backends`` holds the subclasses that run them."""
