"""Xã Số: a province's commune-level digital transformation programme, run on data."""
