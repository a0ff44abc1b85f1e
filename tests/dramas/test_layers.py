"""The knowledge base is the lower layer: it works without knowing about the articles built on it."""

import ast
from pathlib import Path

import dramas

DRAMAS = Path(dramas.__file__).parent


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_the_knowledge_base_imports_nothing_from_the_articles():
    sources = [path for path in DRAMAS.rglob("*.py") if "migrations" not in path.parts]

    offenders = [
        f"{path.relative_to(DRAMAS)} imports {module}"
        for path in sources
        for module in imported_modules(path)
        if module.split(".")[0] == "articles"
    ]

    assert sources
    assert offenders == []
