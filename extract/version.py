"""The extractor's version: bump it whenever the record for the same bytes would change, so
``extract_collected`` re-extracts everything once (the catalogue keys results by sha256 and
this version)."""

EXTRACTOR_VERSION = "3.0"
