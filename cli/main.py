"""The `phapquy` command group: every command of cli.documents, cli.server and cli.backups."""

from __future__ import annotations

import click

from cli import backups, documents, server


@click.group(context_settings={"max_content_width": 100})
@click.version_option(package_name="phapquy")
def main() -> None:
    """phapquy — cơ sở dữ liệu văn bản pháp quy cho Phòng Kinh tế."""


for _command in (*documents.COMMANDS, *server.COMMANDS, *backups.COMMANDS):
    main.add_command(_command)
