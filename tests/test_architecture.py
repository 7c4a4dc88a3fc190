"""The package is built in floors, and each floor imports only from the floors below it.

The import graph is read from the source with ``ast``, nothing is imported.  Every import
counts, including those inside functions: a lazy import hides a dependency, it does not
remove it.
"""

import ast
from collections import deque
from pathlib import Path

import pytest

PACKAGE = "lucidnet"
SOURCE = Path(__file__).resolve().parents[1] / "src" / PACKAGE

#: Module-name prefix -> floor, lowest first.  A prefix covers its submodules, except the
#: package face ``lucidnet``, which is its ``__init__`` alone.
FLOORS = {
    # 0 ground
    "lucidnet.registry": 0, "lucidnet.config": 0, "lucidnet.validation": 0,
    "lucidnet.errors": 0, "lucidnet.version": 0, "lucidnet.io": 0, "lucidnet.tensor": 0,
    "lucidnet.flat": 0, "lucidnet.jit": 0,
    # 1 mathematics
    "lucidnet.activations": 1, "lucidnet.losses": 1, "lucidnet.initializers": 1,
    "lucidnet.regularizers": 1, "lucidnet.metrics": 1, "lucidnet.constraints": 1,
    "lucidnet.optimizers": 1, "lucidnet.optimizers.kernels": 1, "lucidnet.evaluation": 1, "lucidnet.backend": 1,
    "lucidnet.ops": 1,
    # 2 layers
    "lucidnet.layers": 2, "lucidnet.layers.activations": 2, "lucidnet.symbolic": 2,
    "lucidnet.layer_list": 2,
    # 3 services
    "lucidnet.callbacks": 3, "lucidnet.saving": 3, "lucidnet.utils": 3, "lucidnet.inspection": 3,
    # 4 strategy
    "lucidnet.distributed": 4, "lucidnet.strategy": 4,
    # 5 training
    "lucidnet.training": 5,
    # 6 model
    "lucidnet.models": 6, "lucidnet.perceptron": 6, "lucidnet.cloning": 6,
    # 7 edges
    "lucidnet.cli": 7, "lucidnet.sklearn": 7, "lucidnet.plot": 7, "lucidnet.export": 7,
    "lucidnet.datasets": 7, "lucidnet.preprocessing": 7, "lucidnet.playground": 7,
    "lucidnet.keras": 7, "lucidnet.nn": 7, "lucidnet": 7, "lucidnet.__main__": 7,
}


def floor_of(module):
    """The floor of the longest prefix in FLOORS that covers ``module``, or None."""
    covering = [prefix for prefix in FLOORS
                if module == prefix or (prefix != PACKAGE and module.startswith(prefix + "."))]
    return FLOORS[max(covering, key=len)] if covering else None


# -- the walker ---------------------------------------------------------------------------------
def find_modules(root, package):
    """{module name: (path, is a package __init__)} for every .py file under ``root``."""
    modules = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        modules[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return modules


def import_edges(root, package):
    """[(importer, imported, "file:line")] for every import of a module of ``package``.

    ``from P import n`` imports the submodule ``P.n`` if there is one, else a name of ``P``'s
    ``__init__``.  Importing a module also runs the ``__init__`` of each package on its way,
    so those are edges too, except the importer's own packages, which are already running.
    """
    modules = find_modules(root, package)
    edges = []
    for importer, (path, is_package) in modules.items():
        names = importer.split(".")
        running = {".".join(names[:k]) for k in range(1, len(names) + 1)}
        here = names if is_package else names[:-1]  # the package that "." names
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here[: len(here) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module
                submodules = [f"{source}.{alias.name}" for alias in node.names
                              if f"{source}.{alias.name}" in modules]
                targets = submodules + ([source] if len(submodules) < len(node.names) else [])
            else:
                continue
            where = f"{path.relative_to(root.parent.parent)}:{node.lineno}"
            for target in targets:
                parts = target.split(".")
                if parts[0] != package:
                    continue
                for k in range(1, len(parts) + 1):
                    imported = ".".join(parts[:k])
                    if imported != importer and (imported == target or imported not in running):
                        edges.append((importer, imported, where))
    return sorted(edges, key=lambda edge: (*edge[:2], int(edge[2].rpartition(":")[2])))


def find_cycles(edges):
    """One shortest cycle through each module that is on a cycle, each as a chain of names."""
    graph = {}
    for importer, imported, _ in edges:
        graph.setdefault(importer, set()).add(imported)
    cycles = set()
    for start in sorted(graph):
        parent, queue = {}, deque([start])
        while queue and start not in parent:
            node = queue.popleft()
            for successor in sorted(graph.get(node, ())):
                if successor not in parent:
                    parent[successor] = node
                    queue.append(successor)
        if start in parent:
            chain = [start]
            while len(chain) == 1 or chain[-1] != start:
                chain.append(parent[chain[-1]])
            chain = chain[::-1][:-1]
            turn = chain.index(min(chain))  # the same loop found from another start is one loop
            cycles.add(tuple(chain[turn:] + chain[:turn]))
    return [" -> ".join(cycle + (cycle[0],)) for cycle in sorted(cycles)]


@pytest.fixture(scope="module")
def edges():
    return import_edges(SOURCE, PACKAGE)


# -- the walker itself, on a package made for it ---------------------------------------------------
def test_walker_resolves_relative_lazy_and_package_imports(tmp_path):
    files = {
        "__init__.py": "from . import a\nVERSION = '1'\n",
        "a.py": "from . import VERSION\n",
        "b.py": "def later():\n    from .sub import c\n",
        "sub/__init__.py": "from .c import thing\n",
        "sub/c.py": "import os\nfrom .. import a\nfrom ..b import later\nthing = 1\n",
        "sub/d.py": "import pkg.sub.c\nfrom pkg import a\n",
    }
    for name, text in files.items():
        (tmp_path / "pkg" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "pkg" / name).write_text(text)
    found = {(importer, imported, where.rpartition(":")[2])
             for importer, imported, where in import_edges(tmp_path / "pkg", "pkg")}
    assert found == {
        ("pkg", "pkg.a", "1"),              # an __init__ importing its own submodule
        ("pkg.a", "pkg", "1"),              # a name read from the package __init__
        ("pkg.b", "pkg.sub", "2"),          # lazy: inside a function
        ("pkg.b", "pkg.sub.c", "2"),        # from .sub import c names the submodule c
        ("pkg.sub", "pkg.sub.c", "1"),
        ("pkg.sub.c", "pkg.a", "2"),        # from .. import a: the submodule, not pkg itself
        ("pkg.sub.c", "pkg.b", "3"),
        ("pkg.sub.d", "pkg.sub.c", "1"),    # absolute; pkg and pkg.sub are already running
        ("pkg.sub.d", "pkg.a", "2"),
    }


def test_cycle_finder_reports_each_loop_once_as_a_chain():
    edges = [("m.a", "m.b", ""), ("m.b", "m.c", ""), ("m.c", "m.a", ""), ("m.c", "m.d", ""),
             ("m.d", "m.c", ""), ("m.e", "m.a", "")]
    assert find_cycles(edges) == ["m.a -> m.b -> m.c -> m.a", "m.c -> m.d -> m.c"]


# -- the package ---------------------------------------------------------------------------------
def test_every_module_has_a_floor():
    unplaced = [module for module in find_modules(SOURCE, PACKAGE) if floor_of(module) is None]
    assert not unplaced, f"Place these modules on a floor in FLOORS: {', '.join(unplaced)}."


def test_no_module_imports_from_a_higher_floor(edges):
    upward = [
        f"{importer} ({floor_of(importer)}) -> {imported} ({floor_of(imported)}) at {where}"
        for importer, imported, where in edges
        if None not in (floor_of(importer), floor_of(imported))
        and floor_of(imported) > floor_of(importer)
    ]
    assert not upward, "Imports that climb a floor:\n" + "\n".join(upward)


def test_import_graph_has_no_cycle(edges):
    cycles = find_cycles(edges)
    assert not cycles, "Import cycles:\n" + "\n".join(cycles)


def test_callbacks_import_no_saving_models_training_or_distributed(edges):
    # A callback that writes a model file calls self.model.save.
    forbidden = ("lucidnet.saving", "lucidnet.models", "lucidnet.training", "lucidnet.distributed")
    found = [
        f"{importer} -> {imported} at {where}" for importer, imported, where in edges
        if importer.startswith("lucidnet.callbacks")
        and any(imported == f or imported.startswith(f + ".") for f in forbidden)
    ]
    assert not found, "Callbacks reaching above their floor:\n" + "\n".join(found)
