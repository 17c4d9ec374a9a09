"""Errors whose message can be shown as it is (Bahasa Indonesia)."""


class TamanBuahError(ValueError):
    pass
