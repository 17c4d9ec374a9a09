"""Jumpa Madu logic, always inside the current tenant (``tenant_db.session``)."""
