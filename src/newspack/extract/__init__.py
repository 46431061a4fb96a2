"""Extraction: the pure per-document function ``document.extract(raw, config) -> Record``
and its steps (clean, header, dates, language, pii, quality, filters), with the rules as
data in ``rules/``. It reads inputs; it knows nothing of engines, corpus or store."""
