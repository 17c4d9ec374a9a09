"""Whole-deployment backups that restore: ``kiblat backup --out DIR`` and ``kiblat restore DIR``.

A backup folder holds

* ``databases/``: on PostgreSQL one ``pg_dump`` (custom format) per database server — the
  ``default`` server's whole database (control plane and its tenants' schemas), and the tenant
  schemas of every other server; on SQLite the control plane and every tenant file, copied with
  SQLite's online backup API (consistent while the app writes);
* ``files/``: the uploaded files under ``KIBLAT_STORAGE_PATH`` (``uploads/``, ``platform-files/``);
* ``manifest.json``, written last (a folder without it is not a backup): what is where, the
  sha256 of every file, a check of the data key and a seal (an HMAC of the manifest with a key
  derived from the data key), so a changed file or manifest is refused at restore;
* ``SHA256SUMS``: the same checksums for ``sha256sum -c`` on an off-site copy.

The control plane is dumped first and every tenant it lists is then found on its server, so the
restored control plane never names a tenant whose data is missing. A restore goes only onto an
empty deployment and puts the control plane back last: it fails with nothing restored, or the
deployment is complete.
"""
