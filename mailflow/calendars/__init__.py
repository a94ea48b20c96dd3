"""Calendar sources: the interface in ``base``, one module per source type (see ``registry``)."""
