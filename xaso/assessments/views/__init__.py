"""Pages of the self-assessment workflow. Thin: check input, call one service, render."""
