"""Pure functions and the package's shape: detection, timelines, replies, letters,
proofreading, config, store, the ICS reader, the import graph."""
