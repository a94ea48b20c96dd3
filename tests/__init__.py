"""mailflow's tests: ``harness/`` (one CLI home, calendar builders, the real servers, the
user's mail clients), ``fakes/`` (Google and Microsoft on loopback), ``contracts/`` (one
suite per interface, and the user-action scenarios), ``backends/`` (one file per backend,
subclassing the contracts), ``unit/`` (pure functions), ``cli/`` (commands end to end),
``data/`` (calendar fixtures, the proofreading corpus). No test module imports another:
what two need lives in ``harness/`` (``unit/test_layers.py`` checks it)."""
