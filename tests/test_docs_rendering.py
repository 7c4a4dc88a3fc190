"""The built site reads as intended: the reference's tables, examples and links, and typeset math.

The site is built once per session (the `built_docs` fixture, `mkdocs build --strict`) and its
HTML parsed with the standard library.  In the API reference every documented object whose
module is converted to numpydoc (see `NOT_YET_CONVERTED` in test_docstrings.py) is checked:

- each parameters, attributes, returns or raises table has its columns filled as intended: a
  name (a single identifier) in the name column, a type in the type column, a description;
- a docstring's `>>>` examples are highlighted code (`<pre>`), not quoted prose;
- no reST role (`:func:`) and no double backticks are left in the text;
- a docstring's `formula` block is an arithmatex element, ready for KaTeX.

In the guide, every `$$ ... $$` formula is an arithmatex element and no formula is left in a
plain code block.  A browser test opens the site in headless Chromium and checks that KaTeX
typeset the math (its elements exist and have a size) on a guide page and a reference page,
saving a screenshot of each; with `LUCIDNET_WRITE_DOCS_IMAGES=1` it also writes them to
`docs/images/`, where the README shows the guide's.
"""

from __future__ import annotations

import functools
import html.parser
import http.server
import inspect
import os
import re
import threading
from pathlib import Path

import pytest
from test_docs import resolve as resolve_name
from test_docstrings import converted

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
IMAGES = DOCS / "images"
REFERENCE_PAGES = sorted(page.stem for page in (DOCS / "reference").glob("*.md")
                         if page.stem != "index")
CHAPTERS = sorted(page.stem for page in (DOCS / "guide").glob("[0-9][0-9]-*.md"))
ROLE = re.compile(r":(?:py:)?(?:func|class|meth|mod|attr|obj|exc|data|const|ref):")
IDENTIFIER = re.compile(r"\*{0,2}[A-Za-z_]\w*(?:, \*{0,2}[A-Za-z_]\w*)*")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Element:
    """One HTML element: its tag, attributes and children (elements and strings)."""

    def __init__(self, tag: str, attributes: dict, parent: Element | None = None):
        self.tag, self.attributes, self.parent, self.children = tag, attributes, parent, []

    @property
    def classes(self) -> set[str]:
        return set((self.attributes.get("class") or "").split())

    def elements(self):
        return [child for child in self.children if isinstance(child, Element)]

    def iter(self, skip=lambda element: False):
        """This element and those below it, not descending into those `skip` picks."""
        yield self
        for child in self.elements():
            if not skip(child):
                yield from child.iter(skip)

    def find_all(self, tag=None, css_class=None, skip=lambda element: False):
        return [element for element in self.iter(skip)
                if (tag is None or element.tag == tag)
                and (css_class is None or css_class in element.classes)]

    def text(self, skip=lambda element: False) -> str:
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif not skip(child):
                parts.append(child.text(skip))
        return "".join(parts)


class TreeBuilder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("document", {})

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        element = self.current
        while element is not None and element.tag != tag:
            element = element.parent
        if element is not None and element.parent is not None:
            self.current = element.parent

    def handle_data(self, data):
        self.current.children.append(data)


@functools.cache
def parse(path: Path) -> Element:
    builder = TreeBuilder()
    builder.feed(path.read_text(encoding="utf-8"))
    return builder.root


def page(site: Path, name: str) -> Element:
    return parse(site / name / "index.html")


def is_children(element: Element) -> bool:
    return "doc-children" in element.classes


def documented_objects(root: Element):
    """`(identifier, heading, own contents)` of each object mkdocstrings rendered on a page.

    The own contents are the object's docstring sections, without its members' blocks.
    """
    for block in root.find_all("div", "doc-object"):
        heading = next((child for child in block.elements()
                        if re.fullmatch(r"h[1-6]", child.tag) and child.attributes.get("id")),
                       None)
        contents = next((child for child in block.elements() if "doc-contents" in child.classes),
                        None)
        if heading is not None and contents is not None:
            yield heading.attributes["id"], heading, contents


def resolve(identifier: str):
    """The Python object an identifier names, or None."""
    try:
        return resolve_name(identifier)
    except (ImportError, AttributeError):
        return None


def defining_module(identifier: str) -> str:
    """The module whose source holds the docstring of the object `identifier` names."""
    target = resolve(identifier)
    if inspect.ismethod(target):
        target = target.__func__
    if isinstance(target, property):
        target = target.fget
    if inspect.ismodule(target):
        return target.__name__
    module = getattr(target, "__module__", None)
    if isinstance(module, str) and module.startswith("lucidnet") and (
            inspect.isclass(target) or inspect.isfunction(target)):
        return module
    return defining_module(identifier.rpartition(".")[0]) if "." in identifier else identifier


def table_problems(table: Element) -> list[str]:
    """What is wrong with one docstring-section table (Parameters, Returns, ...)."""
    headers = [cell.text().strip().lower() for cell in table.find_all("th")]
    problems = []
    for row in table.find_all("tr"):
        cells = row.find_all("td")
        if not cells:
            continue
        values = dict(zip(headers, cells))
        if "name" in values:
            name = values["name"].text().strip()
            if headers[:1] == ["name"] and not IDENTIFIER.fullmatch(name):
                problems.append(f"the name column holds {name!r}")
        if "type" in values and not values["type"].text().strip():
            problems.append(f"row {row.text().strip()[:60]!r} has no type")
        if "description" in values and not values["description"].text().strip():
            problems.append(f"row {row.text().strip()[:60]!r} has no description")
        for column in ("name", "type"):
            text = values[column].text() if column in values else ""
            if len(text.split()) > 12:
                problems.append(f"the {column} column reads as prose: {text.strip()[:80]!r}")
    return problems


def object_problems(identifier: str, contents: Element) -> list[str]:
    own = functools.partial(contents.text, skip=is_children)
    problems = [f"a docstring table: {problem}"
                for table in contents.find_all("table", skip=is_children)
                for problem in table_problems(table)]
    text = own()
    if ROLE.search(text):
        problems.append(f"a raw reST role: {ROLE.search(text)[0]!r}")
    if "``" in text:
        problems.append("raw double backticks")
    if contents.find_all("blockquote", skip=is_children):
        problems.append("a blockquote (doctest lines read as quotes?)")
    target = resolve(identifier)
    docstring = inspect.getdoc(target) if target is not None else None
    if inspect.isclass(target) and target.__name__ != identifier.rsplit(".", 1)[-1]:
        docstring = None  # an attribute holding a class (`loss_class = Hinge`) shows none of its docstring
    if isinstance(docstring, str) and ">>>" in docstring and inspect.getdoc(type(target)) != docstring:
        examples = [pre for pre in contents.find_all("pre", skip=is_children)
                    if ">>>" in pre.text()]
        if not examples:
            problems.append("its >>> examples are not a <pre> code block")
    if isinstance(docstring, str) and "```formula" in docstring:
        if not contents.find_all(css_class="arithmatex", skip=is_children):
            problems.append("its formula block is not an arithmatex element")
    return problems


@pytest.mark.parametrize("name", REFERENCE_PAGES)
def test_reference_pages_render_numpydoc_as_tables_code_and_links(built_docs, name):
    checked, report = 0, []
    for identifier, _, contents in documented_objects(page(built_docs, f"reference/{name}")):
        if not converted(defining_module(identifier)):
            continue
        checked += 1
        report += [f"{identifier}: {problem}" for problem in object_problems(identifier, contents)]
    assert not report, "\n".join(report)
    source = (DOCS / "reference" / f"{name}.md").read_text(encoding="utf-8")
    shown = re.findall(r"^::: ([\w.]+)", source, flags=re.MULTILINE)
    if any(converted(defining_module(identifier)) for identifier in shown):
        assert checked > 0, f"reference/{name} shows converted modules but none was checked"


def test_a_parameters_table_puts_name_type_and_description_in_their_columns(built_docs):
    objects = {identifier: contents for identifier, _, contents
               in documented_objects(page(built_docs, "reference/models"))}
    table = objects["lucidnet.models.Model"].find_all("table", skip=is_children)[0]
    headers = [cell.text().strip() for cell in table.find_all("th")]
    assert headers[:3] == ["Name", "Type", "Description"]
    rows = {cells[0].text().strip(): [cell.text().strip() for cell in cells]
            for cells in (row.find_all("td") for row in table.find_all("tr")) if cells}
    assert rows["seed"][1] == "int or None"
    assert rows["seed"][2].startswith("Seeds this model's generator")
    assert rows["name"][1] == "str or None"


def test_inherited_members_are_not_repeated(built_docs):
    identifiers = {identifier for identifier, _, _ in
                   documented_objects(page(built_docs, "reference/models"))}
    assert "lucidnet.models.Model.fit" in identifiers  # listed on purpose: Keras users look here
    assert "lucidnet.models.Sequential.fit" not in identifiers
    assert "lucidnet.models.Sequential.summary" not in identifiers


def test_constructors_are_merged_into_their_class_and_no_source_is_shown(built_docs):
    root = page(built_docs, "reference/models")
    identifiers = {identifier for identifier, _, _ in documented_objects(root)}
    assert not any(identifier.endswith(".__init__") for identifier in identifiers)
    assert not root.find_all(css_class="doc-source")  # no "Source code" panels
    assert "def __init__" not in root.text()


@pytest.mark.parametrize("name", CHAPTERS)
def test_guide_formulas_are_arithmatex_elements(built_docs, name):
    source = (DOCS / "guide" / f"{name}.md").read_text(encoding="utf-8")
    root = page(built_docs, f"guide/{name}")
    displayed = source.count("$$") // 2
    typeset = root.find_all(css_class="arithmatex")
    assert len(typeset) >= displayed
    for block in root.find_all("code"):
        if "language-text" in block.classes:
            pytest.fail(f"guide/{name} still has a formula in a text code block: "
                        f"{block.text()[:60]!r}")


def test_the_formula_chapters_have_typeset_math(built_docs):
    for name in ("01-neuron", "02-activations", "04-cost-functions", "06-backpropagation",
                 "07-optimizers"):
        assert page(built_docs, f"guide/{name}").find_all(css_class="arithmatex"), name


def test_the_site_loads_nothing_from_elsewhere(built_docs):
    for path in [built_docs / "index.html", built_docs / "guide/06-backpropagation/index.html"]:
        text = path.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text and "cdn.jsdelivr.net" not in text
        assert "javascripts/katex/katex.min.js" in text


@pytest.fixture(scope="module")
def served_docs(built_docs):
    """The built site over HTTP on this machine, as `mkdocs serve` would show it."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(built_docs)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    thread.join()


#: (page, element to screenshot from, README image): the pages whose math the browser checks.
TYPESET_PAGES = [
    ("guide/06-backpropagation/", "#the-four-equations", "docs-guide-backpropagation.png"),
    ("reference/models/", '[id="lucidnet.models"]', "docs-reference-models.png"),
]


@pytest.mark.parametrize("path, anchor, image", TYPESET_PAGES, ids=[p[0] for p in TYPESET_PAGES])
def test_katex_typesets_the_math_in_the_browser(chromium, served_docs, tmp_path, path,
                                                anchor, image):
    browser_page = chromium.new_page(viewport={"width": 1100, "height": 900})
    requests = []
    browser_page.on("request", lambda request: requests.append(request.url))
    try:
        browser_page.goto(served_docs + path)
        browser_page.wait_for_selector(".arithmatex .katex", timeout=15000)
        browser_page.evaluate("document.fonts.ready")
        blocks = browser_page.locator(".arithmatex")
        assert blocks.count() > 0
        assert browser_page.locator(".katex-error").count() == 0
        for index in range(blocks.count()):
            block = blocks.nth(index)
            assert block.locator(".katex").count() > 0, f"formula {index} was not typeset"
            box = block.locator(".katex").first.bounding_box()
            assert box is not None and box["width"] > 0 and box["height"] > 0, index
        for index in range(browser_page.locator(".katex-display").count()):
            box = browser_page.locator(".katex-display .katex-html").nth(index).bounding_box()
            assert box["width"] > 100 and box["height"] > 15, f"displayed formula {index}: {box}"
        start = browser_page.locator(anchor).first.bounding_box()
        clip = {"x": 0, "y": start["y"] - 10, "width": 860, "height": 560}
        browser_page.screenshot(path=str(tmp_path / image), full_page=True, clip=clip)
        assert (tmp_path / image).stat().st_size > 10_000
        if os.environ.get("LUCIDNET_WRITE_DOCS_IMAGES"):
            browser_page.screenshot(path=str(IMAGES / image), full_page=True, clip=clip)
    finally:
        browser_page.close()
    outside = [url for url in requests if not url.startswith(served_docs)]
    assert not outside, f"the page loaded {outside[:3]} from elsewhere"


def load_formula_hook():
    import importlib.util

    spec = importlib.util.spec_from_file_location("formulas", DOCS / "hooks" / "formulas.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("text, latex", [
    ("σ(z) = 1 / (1 + e^{−z})", "σ(z) = 1 / (1 + e^{−z})"),
    ("w ← w − η·m̂ / (√v̂ + ε)", r"w ← w − η\cdot \hat{m} / (\sqrt{\hat{v}} + ε)"),
    ("x̂ = (x − μ_B)/√(σ²_B + ε)", r"\hat{x} = (x − μ_B)/\sqrt{σ²_B + ε}"),
    ("ŷ = 1 if z > 0 else 0", r"\hat{y} = 1 \text{ if } z > 0 \text{ else } 0"),
    ("C = −Σⱼ yⱼ ln ŷⱼ", r"C = −\sum ⱼ yⱼ \operatorname{ln} \hat{y}ⱼ"),
    ("a = b,    c = d", r"a = b,\qquad c = d"),
])
def test_the_formula_hook_turns_plain_text_into_latex(text, latex):
    assert load_formula_hook().formula_to_latex(text) == latex


def test_a_formula_of_several_lines_is_a_centred_stack():
    latex = load_formula_hook().formula_to_latex("a = b\n\nc = d\n")
    assert latex == "\\begin{gathered}\na = b \\\\\nc = d\n\\end{gathered}"
