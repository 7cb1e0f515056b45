"""Compute-to-data: recipes run on a private table, signed result receipts, the provider's runner."""
