"""The `phapquy` command line: thin click commands over library calls.

    cli.main        the command group (console entry point `phapquy`)
    cli.documents   parse, ingest, search, eval, cite-check
    cli.server      serve, user, token
    cli.backups     backup, restore
    cli.options     --home, the size limit, one-line errors
"""

from cli.main import main

__all__ = ["main"]
