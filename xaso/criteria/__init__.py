"""Criteria sets stored and versioned in the database, each validated by the engine."""
