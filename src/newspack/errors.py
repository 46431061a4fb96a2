"""The two kinds of failure a user can see, each with its exit code.

Every message is one line: what went wrong, where, and what to do about it.
"""


class NewspackError(Exception):
    """A build or check failed (exit 1)."""

    exit_code = 1


class UsageError(NewspackError):
    """Bad command line or configuration (exit 2)."""

    exit_code = 2
