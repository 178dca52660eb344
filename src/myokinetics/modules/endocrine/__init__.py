"""Hormones: transient endocrine responses to exercise."""
