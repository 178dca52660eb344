"""``python -m myokinetics``: the command line."""
from myokinetics.cli import main

main()
