"""Inputs: which files are inputs, their units (lines, archive members), decoding bytes to
text, HTML pages, and metadata sidecars. The first stage: it imports no other."""
