"""Errors whose message can be shown as it is (Bahasa Indonesia)."""


class KenangLemuError(ValueError):
    pass
