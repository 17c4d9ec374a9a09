"""Satu Data: a regency's open data, after Perpres 39/2019."""
