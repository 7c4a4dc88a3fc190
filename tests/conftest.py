import urllib.request

import numpy as np
import pytest

import lucidnet


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


@pytest.fixture
def offline(monkeypatch, tmp_path):
    """No network and no real data folder: only file:// URLs and a server on this machine
    open, $LUCIDNET_DATA is unset and the cache is a fresh folder."""
    real_urlopen = urllib.request.urlopen

    def local_only(request, *args, **kwargs):
        url = request.full_url if isinstance(request, urllib.request.Request) else request
        assert url.startswith(("file:", "http://127.0.0.1")), f"a test tried to download {url}"
        return real_urlopen(request, *args, **kwargs)

    monkeypatch.setattr(urllib.request, "urlopen", local_only)
    monkeypatch.delenv("LUCIDNET_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture(autouse=True)
def _default_settings():
    """Each test starts from float32, a fixed global seed and the kernels' setting left to
    the environment, whatever an earlier test set."""
    lucidnet.set_floatx("float32")
    lucidnet.set_random_seed(0)
    yield
    lucidnet.set_floatx("float32")
    lucidnet.config.set_kernels(None)


CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    """A headless Chromium driven by Playwright, for the browser tests.

    Skipped where Playwright or a Chromium binary is missing, except under CI (where `.ci/run`
    installs both), so that a missing browser can never turn the browser tests into no tests.
    """
    import os
    import shutil

    executable = os.environ.get("LUCIDNET_CHROMIUM") or shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or executable is None:
        missing = "playwright" if sync_playwright is None else "a chromium binary"
        if os.environ.get("CI"):
            pytest.fail(f"the browser tests need {missing}, which .ci/run installs")
        pytest.skip(f"the browser tests need {missing}")
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def built_docs(tmp_path_factory):
    """The documentation site, built once per session with `mkdocs build --strict`.

    Skipped where the docs tools (the `[docs]` extra) are missing, except under CI, where
    `.ci/run` installs them, so that the docs tests cannot silently turn into no tests.
    """
    import os
    import subprocess
    import sys
    from pathlib import Path

    try:
        import material  # noqa: F401
        import mkdocs  # noqa: F401
        import mkdocstrings_handlers.python  # noqa: F401
    except ImportError as error:
        if os.environ.get("CI"):
            pytest.fail(f"the docs build needs the [docs] extra, which .ci/run installs ({error})")
        pytest.skip(f'the docs build needs pip install "lucidnet[docs]" ({error})')
    root = Path(__file__).resolve().parent.parent
    site = tmp_path_factory.mktemp("docs") / "site"
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
                   "PYTHONPATH": os.pathsep.join([str(root / "src"), *sys.path])}
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
         str(root / "mkdocs.yml"), "--site-dir", str(site)],
        capture_output=True, text=True, env=environment, timeout=600)
    assert build.returncode == 0, build.stdout + build.stderr
    return site
