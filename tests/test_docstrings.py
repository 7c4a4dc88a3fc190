"""Every public docstring follows numpydoc, so that the API reference renders as intended.

The reference (mkdocstrings, numpy style) turns a `Parameters` entry `name : type` into a
table row with the name, the type and the description indented below it in their own
columns; a description written after the colon would land in the type column.  Examples are
`>>>` lines under an `Examples` heading, which the reference shows as highlighted code
(anywhere else Markdown reads `>>>` as three nested quotes).  Code is in single backticks and
cross-references are Markdown autorefs such as `[lucidnet.losses.get][]`: reST roles like
`:func:` and double backticks would show raw.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src" / "lucidnet"

#: Modules whose docstrings are still to be converted to numpydoc ("name.*" is a package and
#: everything in it).  Every module not in it is checked strictly, so a converted module cannot
#: slip back; all of them are converted now, and a new module is held to the convention.
NOT_YET_CONVERTED: set[str] = set()

SECTION_UNDERLINE = re.compile(r"^-{3,}$")
#: The numpydoc sections whose entries are `name : type` lines.
ENTRY_SECTIONS = {"parameters", "other parameters", "attributes", "raises", "warns",
                  "returns", "yields", "receives"}
KNOWN_SECTIONS = ENTRY_SECTIONS | {"examples", "notes", "references", "see also", "warnings",
                                   "methods", "deprecated"}
ROLE = re.compile(r":(?:py:)?(?:func|class|meth|mod|attr|obj|exc|data|const|ref|doc|term):`")
DOUBLE_BACKTICKS = re.compile(r"``[^`]")
#: A type is a few words naming types (`int`, `str or None`, `array of shape (n, d)`,
#: `{"a", "b"}`, `float, default 0.1`); prose gives itself away by these.
PROSE_START = re.compile(r"^(?:the|a|an|how|whether|what|which|when|if|each|every|one|its|"
                         r"this|that|these|to|for|in|by|with|without|seeds?|names?|sets?)\b")


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def converted(name: str) -> bool:
    """Whether the module `name` is held to the convention (it is not in NOT_YET_CONVERTED)."""
    for pending in NOT_YET_CONVERTED:
        package = pending.removesuffix(".*")
        if name == package or (pending.endswith(".*") and name.startswith(package + ".")):
            return False
    return True


def public_docstrings(path: Path):
    """`(qualified name, line, docstring)` of the module and its public classes and functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = module_name(path)
    if ast.get_docstring(tree, clean=False) is not None:
        yield name, 1, ast.get_docstring(tree)

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                if child.name.startswith("_"):
                    continue
                docstring = ast.get_docstring(child)
                if docstring is not None:
                    yield f"{prefix}.{child.name}", child.lineno, docstring
                if isinstance(child, ast.ClassDef):
                    yield from visit(child, f"{prefix}.{child.name}")

    yield from visit(tree, name)


def problems(docstring: str) -> list[str]:
    """What in one docstring would render wrongly."""
    found = []
    lines = docstring.splitlines()
    section, in_fence = None, False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if ROLE.search(line):
            found.append(f"a reST role in {stripped!r}; link with [text][lucidnet.name]")
        if DOUBLE_BACKTICKS.search(line):
            found.append(f"double backticks in {stripped!r}; use single backticks")
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if stripped and SECTION_UNDERLINE.match(following) and not line.startswith(" "):
            section = stripped.lower()
            if section not in KNOWN_SECTIONS:
                found.append(f"unknown section {stripped!r}")
            continue
        if stripped.startswith(">>>") and section != "examples":
            found.append(f"a doctest outside the Examples section: {stripped!r}")
        if section in ENTRY_SECTIONS and stripped and not line.startswith(" ") \
                and not SECTION_UNDERLINE.match(stripped):
            found.extend(entry_problems(section, stripped, following, lines[index + 1:]))
    return found


def entry_problems(section: str, header: str, following: str, rest: list[str]) -> list[str]:
    """What is wrong with one `name : type` line of an entry section."""
    found = []
    if " : " in header:
        names, kind = header.split(" : ", 1)
    elif section in {"returns", "yields", "raises", "warns", "receives"}:
        names, kind = "", header  # a type alone is a complete entry there
    else:
        names, kind = header, ""
    if not re.fullmatch(r"\*{0,2}[A-Za-z_]\w*(?:, \*{0,2}[A-Za-z_]\w*)*", names or "x"):
        found.append(f"{header!r} is not `name : type`")
    words = kind.split()
    if kind and (PROSE_START.match(kind) or kind.endswith((".", ";", ":")) or len(words) > 10
                 or "``" in kind):
        found.append(f"{header!r}: the type reads as prose; put the description on the "
                     f"indented lines below")
    description = rest[0] if rest else ""
    if not description.startswith("    ") or not description.strip():
        found.append(f"{header!r} has no indented description below it")
    return found


MODULES = sorted(SOURCE.rglob("*.py"))


@pytest.mark.parametrize("path", [path for path in MODULES if converted(module_name(path))],
                         ids=lambda path: module_name(path))
def test_public_docstrings_follow_numpydoc(path):
    report = [f"{name} (line {line}): {problem}"
              for name, line, docstring in public_docstrings(path)
              for problem in problems(docstring)]
    assert not report, "\n".join(report)


def test_the_not_yet_converted_set_names_modules_that_exist():
    for name in NOT_YET_CONVERTED:
        path = SOURCE.parent.joinpath(*name.removesuffix(".*").split("."))
        if name.endswith(".*") or name == "lucidnet":
            assert (path / "__init__.py").is_file(), f"{name} is not a package"
        else:
            assert path.with_suffix(".py").is_file(), f"{name} is not a module"


def test_the_checker_flags_what_renders_wrongly():
    bad = ('Do it.\n\n>>> f(1)\n\nParameters\n----------\nx : the input.\n'
           'y : int\n    See :func:`g` and ``h``.\n')
    found = problems(bad)
    assert any("outside the Examples" in problem for problem in found)
    assert any("reads as prose" in problem for problem in found)
    assert any("reST role" in problem for problem in found)
    assert any("double backticks" in problem for problem in found)
    good = ('Do it.\n\nParameters\n----------\nx : array of shape (n, d)\n    The input.\n\n'
            'Returns\n-------\nfloat\n    The cost.\n\nExamples\n--------\n>>> 1 + 1\n2\n')
    assert problems(good) == []
