"""The national open-data index: published public metadata of every regency, in the control
plane, so the platform host can search all regencies together without opening a tenant.

A module that publishes open data writes its public datasets here with :func:`put` and takes
them out with :func:`remove`; nothing private is ever written (the caller decides what is
public). The platform itself never names that module."""
