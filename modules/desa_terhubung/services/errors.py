"""Errors whose message can be shown as it is (Bahasa Indonesia, or English for an English reader)."""


class DesaError(ValueError):
    pass
