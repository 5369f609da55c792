"""Vietnam's administrative units, legacy (3 tiers) and 2025 (2 tiers), and the succession
between them. ``catalog`` is plain Python (usable by the CLI without Django); the rest is a
Django app that stores the units."""
