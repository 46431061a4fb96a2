"""A configurable filter expression over record fields, e.g.
``"n_words >= 50 and stopword_share > 0.05 and language != 'und'"``.

Parsed with ``ast`` and evaluated over a whitelist of node types: no ``eval``, no
attribute access, no calls. A record the filter drops becomes a rejection with reason
``filtered``, so nothing is lost silently.
"""

from __future__ import annotations

import ast
import operator

from newspack.errors import UsageError
from newspack.schema import FIELD_NAMES

_COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt,
            ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
            ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b}


class Filter:
    """A compiled keep-expression; ``keep(row)`` is True for rows to keep."""

    def __init__(self, expression: str, where: str = "extract.filter"):
        self.expression = expression
        try:
            tree = ast.parse(expression, mode="eval")
        except SyntaxError as e:
            raise UsageError(f"{where}: not a valid expression ({e.msg}): {expression!r}") from None
        self._check(tree.body, where)
        self._tree = tree.body

    def _check(self, node: ast.AST, where: str) -> None:
        allowed = (ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.Compare, ast.Name,
                   ast.Constant, ast.Load, ast.Tuple, ast.List, *_COMPARE)
        for sub in ast.walk(node):
            if not isinstance(sub, allowed):
                raise UsageError(f"{where}: '{type(sub).__name__}' is not allowed; use field "
                                 "names, numbers, strings, comparisons, and/or/not")
            if isinstance(sub, ast.Name) and sub.id not in FIELD_NAMES:
                raise UsageError(f"{where}: unknown field '{sub.id}'")

    def keep(self, row: dict) -> bool:
        return bool(self._eval(self._tree, row))

    def _eval(self, node: ast.AST, row: dict):
        if isinstance(node, ast.BoolOp):
            values = (self._eval(v, row) for v in node.values)
            return all(values) if isinstance(node.op, ast.And) else any(values)
        if isinstance(node, ast.UnaryOp):
            return not self._eval(node.operand, row)
        if isinstance(node, ast.Compare):
            left = self._eval(node.left, row)
            for op, comp in zip(node.ops, node.comparators, strict=True):
                right = self._eval(comp, row)
                try:
                    if not _COMPARE[type(op)](left, right):
                        return False
                except TypeError:  # None compared with a number: the test fails
                    return False
                left = right
            return True
        if isinstance(node, ast.Name):
            return row[node.id]
        if isinstance(node, ast.Tuple | ast.List):
            return tuple(self._eval(e, row) for e in node.elts)
        return node.value  # ast.Constant
