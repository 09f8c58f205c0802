"""The cases: the data model, reading and checking a cases file, the prepared-file cache, ids, filters."""
