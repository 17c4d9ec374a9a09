"""The one error type of onboarding: a message fit to show, naming the field when there is one."""

from __future__ import annotations


class OnboardingError(ValueError):
    def __init__(self, message: str, field: str | None = None, status: int = 400) -> None:
        super().__init__(message)
        self.field, self.status = field, status


class StepOrderError(OnboardingError):
    """A step posted before the steps it depends on were completed (a forged or stale form)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, None, 409)
