"""``python -m accord``: the `accord` command."""

from accord.cli import main

main()
