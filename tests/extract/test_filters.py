import pytest

from newspack.errors import UsageError
from newspack.extract.filters import Filter

ROW = {"n_words": 120, "language": "nb", "stopword_share": 0.3, "year": None}


@pytest.mark.parametrize("expr,keep", [
    ("n_words >= 50", True),
    ("n_words >= 50 and stopword_share > 0.5", False),
    ("language in ('nb', 'nn')", True),
    ("not language == 'nb'", False),
    ("year >= 2000", False),  # a missing year never passes a comparison
    ("20 < n_words < 200", True),
])
def test_keep_expressions(expr, keep):
    assert Filter(expr).keep(ROW) is keep


@pytest.mark.parametrize("expr,message", [
    ("__import__('os').system('x')", "not allowed"),
    ("n_words.bit_length() > 1", "not allowed"),
    ("n_wrds > 5", "unknown field 'n_wrds'"),
    ("n_words >", "not a valid expression"),
])
def test_unsafe_or_wrong_expressions_are_usage_errors(expr, message):
    with pytest.raises(UsageError, match=message):
        Filter(expr)
