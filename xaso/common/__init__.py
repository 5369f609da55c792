"""Pieces every part of the site shares: the base template, the start page, demo setup."""
