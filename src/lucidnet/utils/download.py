"""Download a file, prove it is the expected one by its digest, and only then keep it.

The bytes are fetched with `urllib` (any URL it opens, `https://` or `file://`)
behind a tqdm progress bar, hashed as they arrive (SHA-256, or MD5 for the old digests
some publishers still give), and written with `lucidnet.io.atomic_write_bytes` only
when the digest matches.  A failed or tampered download therefore never leaves a file
behind, and a reader never sees half a file.  Mirrors are tried in order until one serves
the right bytes.

Downloads go under one folder, `data_home`: `$LUCIDNET_DATA` when it is set, else
`$XDG_CACHE_HOME/lucidnet` (`~/.cache/lucidnet`).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..errors import DownloadError
from ..io import atomic_write_bytes
from ..version import __version__

CHUNK_BYTES = 1 << 16
TIMEOUT_SECONDS = 30
DATA_ENVIRONMENT_VARIABLE = "LUCIDNET_DATA"
#: hashlib's name of each digest a download may be checked against, by the name users give.
ALGORITHMS = {"sha256": "SHA-256", "md5": "MD5"}


def data_home() -> Path:
    """The folder downloads go under: `$LUCIDNET_DATA`, else the user's cache."""
    if os.environ.get(DATA_ENVIRONMENT_VARIABLE):
        return Path(os.environ[DATA_ENVIRONMENT_VARIABLE]).expanduser()
    return cache_home()


def cache_home() -> Path:
    """`$XDG_CACHE_HOME/lucidnet`, which is `~/.cache/lucidnet` by default."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lucidnet"


def download(urls, destination, digest: str | None, size: int | None = None,
             progress: bool = True, algorithm: str = "sha256") -> str:
    """Fetch the first of `urls` whose bytes have the `algorithm` digest `digest`
    (hexadecimal) into `destination`; with `digest=None` the first that serves any bytes.

    `size` (bytes) sizes the progress bar when a server does not say.  Returns
    `destination`; raises `DownloadError` listing every mirror's failure.
    """
    import http.client  # here, not at import: urllib and http take 20 ms to import

    destination = os.fspath(destination)
    failures = []
    for url in urls:
        try:
            data, found = _fetch(url, size, progress, os.path.basename(destination), algorithm)
        except (OSError, http.client.HTTPException, ValueError) as error:  # ValueError: a bad URL
            failures.append(f"{url}: {error}")
            continue
        if digest is not None and found != digest.lower():
            failures.append(f"{url}: served {len(data)} bytes with {ALGORITHMS[algorithm]} "
                            f"{found}, expected {digest}")
            continue
        atomic_write_bytes(destination, data)
        return destination
    raise DownloadError(
        f"Could not download {os.path.basename(destination)}:\n  " + "\n  ".join(failures)
    )


def _fetch(url: str, size: int | None, progress: bool, label: str,
           algorithm: str = "sha256") -> tuple[bytes, str]:
    """The bytes at `url` and their digest, hashed while they stream in."""
    import urllib.request

    from tqdm.auto import tqdm

    # Some mirrors turn away urllib's default user agent.
    request = urllib.request.Request(url, headers={"User-Agent": f"lucidnet/{__version__}"})
    digest = hashlib.new(algorithm)
    chunks = []
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else size
        with tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc=label,
                  disable=not progress, leave=False) as bar:
            while chunk := response.read(CHUNK_BYTES):
                digest.update(chunk)
                chunks.append(chunk)
                bar.update(len(chunk))
    return b"".join(chunks), digest.hexdigest()
