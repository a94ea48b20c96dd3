"""``python -m mailflow``: the same entry point as the installed ``mailflow`` command."""

from mailflow.quick import main

main()
