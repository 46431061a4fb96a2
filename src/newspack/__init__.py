"""newspack: scraped news articles in, a versioned Hugging Face dataset out."""

__version__ = "0.1.0"
