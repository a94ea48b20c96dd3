"""mailflow: post-interview etiquette, drafted from your calendar into your mailbox."""

__version__ = "0.1.0"

#: the environment variable naming the config file (as ``--config`` does)
CONFIG_ENV = "MAILFLOW_CONFIG"
