"""Muscle tissue: protein turnover, satellite cells (and, later, damage and hypertrophy)."""
