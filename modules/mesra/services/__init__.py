"""MeSRA Bertuah services."""
