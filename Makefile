# Thin wrappers; the real commands are in scripts/ so they also work without make.
.PHONY: demo test lint bench

demo:
	bash scripts/demo

test:
	bash scripts/test

bench:
	bash -c 'source scripts/bootstrap.sh && python bench/engine.py'
