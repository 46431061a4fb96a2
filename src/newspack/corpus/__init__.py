"""Corpus-level stages on compact columns: collecting outcomes into the spool, ids,
duplicates, splits and shards, and writing a version's files through the store."""
