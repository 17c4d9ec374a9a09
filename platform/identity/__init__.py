"""Minimal tenant users and invitations (provisioning creates the first administrators)."""

from __future__ import annotations

from flask import Flask


def init_identity(app: Flask) -> None:
    from kiblat.platform.identity.blueprint import bp

    app.register_blueprint(bp)
