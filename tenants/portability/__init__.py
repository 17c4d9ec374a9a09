"""Portable tenant archives: one file holding a regency's data, uploads and settings.

``export_tenant`` writes the archive from any backend, ``import_tenant`` restores it on
any backend after validating all of it. The archive layout is described in ``archive.py``.
"""
