"""Benchmarks: token-level scoring and grouped cross-validation on (text, gold) pair folders."""
