"""Cardiovascular modules (blood pressure)."""
