"""Commands driven end to end through the command line, on a ``Home``."""
