"""The `phapquy` command group: every command of cli.documents, cli.server and cli.backups."""

from __future__ import annotations

import click

from cli import backups, documents, server


class WholeSentences(click.Group):
    """A group whose command list shows each command's whole first sentence, wrapped,
    instead of cutting it with "…" at the terminal's width."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Write the commands and their full one-line help."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, (command.help or "").split("\n\n")[0].replace("\n", " ")))
        if rows:
            with formatter.section("Lệnh"):
                formatter.write_dl(rows)


@click.group(cls=WholeSentences, context_settings={"max_content_width": 100})
@click.version_option(package_name="phapquy", message="%(prog)s %(version)s")
def main() -> None:
    """phapquy — cơ sở dữ liệu văn bản pháp quy cho Phòng Kinh tế.

    Gõ `phapquy LỆNH --help` để xem cách dùng từng lệnh.
    """


for _command in (*documents.COMMANDS, *server.COMMANDS, *backups.COMMANDS):
    main.add_command(_command)
