"""Engines: mapping ``extract`` over the inputs (a local process pool), the extraction
cache, and the inputs' fingerprint that tells a rebuild what changed."""
