"""`import lucidnet` loads the models and their parts only: the edge packages (datasets,
export, plotting, scikit-learn, the playground, the command line, the Keras face) and the
optional third-party libraries load on first use, and every public name still resolves.

Each check runs in a fresh interpreter, whose `sys.modules` is the fact tested; nothing is timed.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import lucidnet

#: Modules `import lucidnet` must not load: the edge packages, and the heavy optional
#: libraries and the standard-library modules (archives, thread pools) that only one feature needs.
NOT_IMPORTED = ("lucidnet.datasets", "lucidnet.export", "lucidnet.plot", "lucidnet.sklearn",
                "lucidnet.playground", "lucidnet.cli", "lucidnet.keras", "numba", "matplotlib",
                "tensorboardX", "aiohttp", "onnx", "sklearn", "torch", "keras", "tarfile",
                "concurrent.futures")


def run_fresh(code: str) -> str:
    """Run `code` in a new interpreter that finds this lucidnet; its standard output."""
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", code], check=True, env=environment, timeout=60,
                          capture_output=True, text=True)
    return done.stdout


def test_import_lucidnet_does_not_import_the_edges_or_heavy_libraries():
    loaded = run_fresh(f"import sys, lucidnet; print([m for m in {NOT_IMPORTED!r} "
                       f"if m in sys.modules])")
    assert loaded.strip() == "[]"


@pytest.mark.parametrize("name", lucidnet.LAZY_SUBPACKAGES)
def test_an_edge_package_loads_on_first_use_as_an_attribute(name):
    code = (f"import sys, lucidnet; module = lucidnet.{name}; "
            f"assert module is sys.modules['lucidnet.{name}'], module; print('ok')")
    assert run_fresh(code).strip() == "ok"


def test_from_lucidnet_import_of_edges_and_dataset_modules_works():
    code = ("from lucidnet import datasets, plot, export; import lucidnet; "
            "assert lucidnet.datasets.mnist.load_data is datasets.mnist.load_data; "
            "assert callable(export.to_onnx); print('ok')")
    assert run_fresh(code).strip() == "ok"


def test_dir_and_all_of_the_package_name_the_edge_packages():
    names = dir(lucidnet)
    for name in lucidnet.LAZY_SUBPACKAGES:
        assert name in names
    for name in lucidnet.__all__:
        assert getattr(lucidnet, name) is not None


def test_an_unknown_attribute_still_raises_attribute_error_naming_it():
    with pytest.raises(AttributeError, match="no attribute 'not_a_module'"):
        lucidnet.not_a_module  # noqa: B018


def test_model_export_finds_the_onnx_exporter_without_importing_lucidnet_export_first():
    code = ("import sys, lucidnet; from lucidnet.registry import EXPORTERS; "
            "assert 'lucidnet.export' not in sys.modules; "
            "print('onnx' in EXPORTERS, 'lucidnet.export' in sys.modules)")
    assert run_fresh(code).split() == ["True", "True"]
