"""What the tests share, as plain modules (the fixtures that use them are in conftest.py):

``home.py``          ``Home``: a temporary mailflow home (config, calendar, state, XDG folders)
                     and the command line run on it, in-process or as a child
``processes.py``     a child ``mailflow`` under time and memory limits, and its ``Outcome``
``calendars.py``     iCalendar text for events and calendars; the shared interviews (``PANEL``)
``job_search.py``    five companies interviewed in one week, for the outcome commands
``hostile.py``       seeded mutations of calendars, and which good events they left alone
``servers.py``       the real servers: Dovecot (IMAP) and Radicale (CalDAV) on 127.0.0.1
``mail_clients.py``  what the user does in a mail client, per kind of mailbox
``messages.py``      drafts as mailflow hands them to a mailbox, and mail as it arrives
``google.py``        mailflow pointed at the fake Google server
``microsoft.py``     mailflow pointed at the fake Microsoft servers
``import_graph.py``  the ``mailflow`` package's import graph, read from the source
``scripted_editor.py``  an $EDITOR that follows a plan (run as a script, never imported)
"""
