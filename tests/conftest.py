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
    """Each test starts from float32 and a fixed global seed, whatever an earlier test set."""
    lucidnet.set_floatx("float32")
    lucidnet.set_random_seed(0)
    yield
    lucidnet.set_floatx("float32")
