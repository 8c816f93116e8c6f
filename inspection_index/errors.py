"""The one exception type the command line turns into a clear one-line message."""


class InspectionIndexError(Exception):
    """A failure a user can act on; its message is one plain sentence."""


class DiskFull(InspectionIndexError):
    """The disk holding the data directory is full; nothing partial was kept."""


class CatalogueDamaged(InspectionIndexError):
    """catalogue.sqlite cannot be read as a database (corrupt, or not SQLite at all)."""
