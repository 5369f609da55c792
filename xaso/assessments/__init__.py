"""Raw counts communes report, the yearly assignment plans, and (later) the review workflow."""
