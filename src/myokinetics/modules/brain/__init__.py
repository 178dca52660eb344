"""Brain: mood and affect after exercise."""
