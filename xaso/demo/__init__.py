"""Demo data: one deterministic builder shared by the tests and ``make demo``."""
