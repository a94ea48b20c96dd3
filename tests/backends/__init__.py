"""One file per backend of ``mailflow.registry``: a subclass of each contract it runs,
with the fixtures that build that backend, and the tests of what is that backend's own."""
