"""Kenang Lemu's logic."""
