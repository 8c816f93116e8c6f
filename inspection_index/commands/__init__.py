"""One module per command (or command group); ``COMMANDS`` is what ``cli`` registers."""

from . import figures, import_, status

COMMANDS = [import_.command, status.command, figures.command]
