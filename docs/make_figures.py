"""Redraw the guide's figures by running the guide's own code.

Each figure in ``docs/images/guide-*.png`` is the matplotlib Figure that a page's examples
leave in a variable; this script runs those pages exactly as ``tests/test_docs.py`` does and
saves the figures, so an image can never show something the page's code does not draw.

Run from the repository root with the ``[docs]`` and ``[plot]`` extras installed:
``python docs/make_figures.py``.
"""

import doctest
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.test_docs import OPTION_FLAGS, doctest_source  # noqa: E402  (the pages' runner)

IMAGES = ROOT / "docs" / "images"
#: page → {variable holding a Figure once the page has run: image file name}
FIGURES = {
    "guide/02-activations.md": {"figure": "guide-activation-functions.png"},
    "guide/05-gradient-descent.md": {"figure": "guide-gradient-descent.png",
                                     "valley": "guide-gradient-descent-valley.png"},
    "guide/06-backpropagation.md": {"figure": "guide-chain-rule.png"},
    "guide/08-training-practice.md": {"figure": "guide-overfitting.png"},
    "guide/09-perceptron-vs-mlp.md": {"figure": "guide-xor-network.png"},
}
MAX_BYTES = 150_000


def run_page(page: Path) -> dict:
    """The page's namespace after its examples have run; stops on the first failure."""
    test = doctest.DocTestParser().get_doctest(
        doctest_source(page.read_text(encoding="utf-8")), {"__name__": page.stem},
        page.name, str(page), 0)
    runner = doctest.DocTestRunner(optionflags=OPTION_FLAGS)
    result = runner.run(test, clear_globs=False)
    if result.failed:
        raise SystemExit(f"{page}: {result.failed} example(s) failed; fix the page first.")
    return test.globs


def main():
    here = os.getcwd()
    for name, figures in FIGURES.items():
        with tempfile.TemporaryDirectory() as scratch:
            os.chdir(scratch)                      # what a page writes stays out of the tree
            try:
                namespace = run_page(ROOT / "docs" / name)
            finally:
                os.chdir(here)
        for variable, file_name in figures.items():
            path = IMAGES / file_name
            namespace[variable].savefig(path, dpi=100)
            size = path.stat().st_size
            print(f"{path.relative_to(ROOT)}: {size:,} bytes")
            if size > MAX_BYTES:
                raise SystemExit(f"{path} is larger than {MAX_BYTES:,} bytes; lower the dpi.")


if __name__ == "__main__":
    main()
