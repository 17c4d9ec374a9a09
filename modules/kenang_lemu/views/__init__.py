"""Kenang Lemu's request handlers."""
