"""mailflow: post-interview etiquette, drafted from your calendar into your mailbox."""

__version__ = "0.1.0"
