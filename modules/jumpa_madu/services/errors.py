"""Errors whose message is fit to show to the person who caused them (Bahasa Indonesia)."""


class JumpaMaduError(ValueError):
    pass


class InsufficientBalance(JumpaMaduError):
    pass


class ServiceAreaError(JumpaMaduError):
    pass


class NotYourPickup(JumpaMaduError):
    pass
