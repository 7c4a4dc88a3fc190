"""The documentation is tested like code, so that it cannot go stale.

- Every Python block of every page under ``docs/`` is a doctest (a ```` ```pycon ```` fence
  whose lines start with ``>>>``).  The blocks of one page run in order in one namespace,
  and a block that raises, or prints something other than what the page shows, fails.
- Every chapter of the guide links the lucidnet functions that implement it, with
  cross-references such as ``[Dense][lucidnet.layers.Dense]``; each one must name an
  object that exists, found with importlib and getattr, so renaming a function breaks this
  test before it breaks a reader's link.
- Every row of ``docs/equations.md`` names the functions and the tests behind an equation;
  all of them must exist.
- ``mkdocs build --strict`` succeeds (when MkDocs is installed: the ``[docs]`` extra).
"""

from __future__ import annotations

import ast
import doctest
import importlib
import re
import sys
import tempfile
from pathlib import Path

import pytest

import lucidnet  # noqa: F401  (loads every module that holds a registry)
from lucidnet.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
CHAPTERS = sorted((DOCS / "guide").glob("[0-9][0-9]-*.md"))
EQUATIONS = DOCS / "equations.md"

#: Fences that hold Python.  Only ``pycon`` (doctest) is allowed: it is the one that runs.
PYTHON_FENCES = {"python", "py", "python3", "pycon", "pyi"}
#: Pages whose Python blocks are not doctests yet, with the reason.  The test for such a page
#: is expected to fail; once the page is converted it passes, which a strict xfail reports as
#: a failure, so that the entry is removed.
NOT_YET_DOCTESTS: dict[str, str] = {}
OPTION_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<language>[\w+-]*)")
REQUIRES = re.compile(r"<!--\s*requires:\s*(?P<modules>[\w., ]+?)\s*-->")
CROSS_REFERENCE = re.compile(r"\]\[(?P<identifier>lucidnet(?:\.\w+)*)\]")
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
TEST_REFERENCE = re.compile(r"(?P<file>tests/test_\w+\.py)::(?P<name>[\w:]+)")


def page_id(path: Path) -> str:
    return path.relative_to(DOCS).as_posix()


def fenced_blocks(text: str):
    """``(language, first line number, body lines)`` for every fenced code block."""
    blocks, lines, index = [], text.splitlines(), 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        fence, start = opening["fence"], index + 1
        index = start
        while index < len(lines) and not lines[index].strip().startswith(fence):
            index += 1
        indent = len(opening["indent"])
        body = [line[indent:] for line in lines[start:index]]
        blocks.append((opening["language"].lower(), start, body))
        index += 1
    return blocks


def doctest_source(text: str) -> str:
    """The page with everything but its ``pycon`` blocks blanked out, line numbers kept.

    Doctest cannot read Markdown directly: it would take a closing fence for expected output.
    """
    lines = [""] * len(text.splitlines())
    for language, start, body in fenced_blocks(text):
        if language == "pycon":
            lines[start:start + len(body)] = body
    return "\n".join(lines) + "\n"


def resolve(identifier: str):
    """The object a dotted name refers to: the longest importable module, then attributes."""
    parts = identifier.split(".")
    for split in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[split:]:
            target = getattr(target, attribute)
        return target
    raise ImportError(identifier)


def defined_tests(path: Path) -> set[str]:
    """``name`` and ``Class::name`` of every test function defined in a test file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names |= {f"{node.name}::{item.name}" for item in node.body
                      if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return names


def test_the_guide_has_its_chapters():
    assert len(CHAPTERS) >= 10
    assert (DOCS / "index.md").is_file() and EQUATIONS.is_file()


def pages_expecting_doctests():
    for page in PAGES:
        reason = NOT_YET_DOCTESTS.get(page_id(page))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(page, marks=marks, id=page_id(page))


@pytest.mark.parametrize("page", pages_expecting_doctests())
def test_python_blocks_are_doctests(page):
    for language, start, body in fenced_blocks(page.read_text(encoding="utf-8")):
        if language in PYTHON_FENCES:
            code = [line for line in body if line.strip()]
            assert language == "pycon" and code and code[0].startswith(">>> "), (
                f"{page_id(page)}, line {start}: a Python block that is not a doctest would "
                f"never run; write it as a ```pycon block of >>> lines and their output."
            )


@pytest.fixture
def isolated_registries():
    """Whatever a page registers (a custom activation, say) is forgotten after it."""
    registries = [value for name, module in list(sys.modules.items())
                  if name.startswith("lucidnet") and module is not None
                  for value in vars(module).values() if isinstance(value, Registry)]
    saved = [(registry, dict(registry._classes)) for registry in registries]
    yield
    for registry, classes in saved:
        registry._classes.clear()
        registry._classes.update(classes)


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_page_examples_run_and_print_what_the_page_shows(page, tmp_path, monkeypatch,
                                                          isolated_registries):
    text = page.read_text(encoding="utf-8")
    for requirement in REQUIRES.finditer(text):
        for module in requirement["modules"].replace(",", " ").split():
            pytest.importorskip(module)
    # Files a page writes, in the working directory or in tempfile's, land in a scratch directory.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    test = doctest.DocTestParser().get_doctest(
        doctest_source(text), {"__name__": page.stem}, page_id(page), str(page), 0)
    report = []
    runner = doctest.DocTestRunner(optionflags=OPTION_FLAGS)
    result = runner.run(test, out=report.append)
    assert result.failed == 0, "".join(report)
    if any(language == "pycon" for language, _, _ in fenced_blocks(text)):
        assert result.attempted > 0


@pytest.mark.parametrize("chapter", CHAPTERS, ids=page_id)
def test_every_chapter_links_the_functions_that_implement_it(chapter):
    identifiers = CROSS_REFERENCE.findall(chapter.read_text(encoding="utf-8"))
    assert identifiers, (f"{page_id(chapter)} links no lucidnet function; link one as "
                         f"[Dense][lucidnet.layers.Dense]")


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_cross_references_name_existing_objects(page):
    for identifier in sorted(set(CROSS_REFERENCE.findall(page.read_text(encoding="utf-8")))):
        try:
            resolve(identifier)
        except (ImportError, AttributeError) as error:
            pytest.fail(f"{page_id(page)} links {identifier}, which does not exist ({error!r})")


def equation_rows():
    """``(equation, functions, tests)`` for each row of the table in docs/equations.md."""
    rows = []
    text = EQUATIONS.read_text(encoding="utf-8") if EQUATIONS.is_file() else ""
    for line in text.splitlines():
        cells = [cell.strip() for cell in UNESCAPED_PIPE.split(line.strip().strip("|"))]
        if not line.startswith("|") or len(cells) < 4 or set(cells[0]) <= set("-: "):
            continue
        if cells[0].lower() == "equation":
            continue
        functions = CROSS_REFERENCE.findall(cells[2])
        tests = TEST_REFERENCE.findall(cells[3])
        rows.append((cells[0], functions, tests))
    return rows


def test_equations_table_has_rows():
    assert len(equation_rows()) >= 20


@pytest.mark.parametrize("equation, functions, tests", equation_rows(),
                         ids=[row[0][:40] for row in equation_rows()])
def test_equation_names_existing_functions_and_tests(equation, functions, tests):
    assert functions, f"no function is named for {equation}"
    assert tests, f"no test is named for {equation}"
    for identifier in functions:
        try:
            resolve(identifier)
        except (ImportError, AttributeError) as error:
            pytest.fail(f"{equation}: {identifier} does not exist ({error!r})")
    for file, name in tests:
        assert (ROOT / file).is_file(), f"{equation}: {file} does not exist"
        assert name in defined_tests(ROOT / file), f"{equation}: {file} has no test {name}"


def test_mkdocs_build_strict(built_docs):
    # The build itself is the built_docs fixture (conftest.py), shared with the rendering tests.
    assert (built_docs / "index.html").is_file()
