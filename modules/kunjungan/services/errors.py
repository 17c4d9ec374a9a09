"""Errors whose message can be shown to a visitor or officer as it is (Bahasa Indonesia)."""


class KunjunganError(ValueError):
    pass


class SoldOut(KunjunganError):
    """The slot has fewer seats left than asked for; ``left`` says how many remain."""

    def __init__(self, message: str, left: int) -> None:
        super().__init__(message)
        self.left = left
