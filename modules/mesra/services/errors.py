class MesraError(ValueError):
    """A request refused with a message for the person who made it (Bahasa Indonesia)."""
