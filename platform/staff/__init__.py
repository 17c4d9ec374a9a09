"""Minimal pages for platform staff on the platform host: sign-in with two-factor,
impersonating a regency admin, and their own actions across regencies."""
