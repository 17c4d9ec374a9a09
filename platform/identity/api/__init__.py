"""API clients of a regency: OAuth2 client-credentials clients, their tokens and scopes."""
