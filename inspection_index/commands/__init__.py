"""One module per command (or command group); ``COMMANDS`` is what ``cli`` registers."""

from . import check, crawl, export, extract, figures, import_, index, search, serve, status, up

COMMANDS = [import_.command, status.command, figures.command, index.command, search.command,
            search.track_command, serve.command, up.command, crawl.command, extract.command,
            check.command, export.command]
