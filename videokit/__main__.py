"""`python -m videokit` is the `videokit` command."""

from videokit.cli import main

main()
