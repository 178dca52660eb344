"""Your own numbers: starting 1RMs from a training log (``fit``) and projections (``predict``)."""
