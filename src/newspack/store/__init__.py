"""The version store: version folders, lock and atomic publishing, deterministic Parquet,
the manifest, validation, carry-over of unchanged inputs, diff and history.

The store is where a build writes and also where the next build reads the published
versions from, so the corpus stages import it (never the other way round)."""
