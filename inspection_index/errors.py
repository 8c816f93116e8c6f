"""The one exception type the command line turns into a clear one-line message."""


class InspectionIndexError(Exception):
    """A failure a user can act on; its message is one plain sentence."""
