"""`python -m cli …`: the `phapquy` command run from the checkout itself."""

from cli.main import main

main()
