"""Stand-ins for the services mailflow talks to, on 127.0.0.1, driven by the
real client libraries (API_FACTS.md says how the real services behave):

``http.py``        the shared HTTP plumbing: a fake is a function of a request
``google/``        OAuth, Gmail and Calendar, one module per API area
``graph/``         the Microsoft identity platform and Graph, likewise
``imap_proxy.py``  the tests' Dovecot as a server that cannot search headers

What the user does in their mail client is a method on the fake's state
(``user_sends_from_web``, ``user_edits``, ``user_deletes``, ``receive``...);
how strictly a fake copies its service is an attribute or argument
(``delta_occurrence_stubs``, ``expire_delta_tokens(400)``...). Each module's
docstring lists its own. ``test_fake_services.py`` checks that the fakes behave
as the services do where the other tests lean on it.
"""
