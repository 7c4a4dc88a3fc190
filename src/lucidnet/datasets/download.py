"""Download a file, prove it is the expected one by its SHA-256, and only then keep it.

The bytes are fetched with :mod:`urllib` (any URL it opens, ``https://`` or ``file://``)
behind a tqdm progress bar, hashed as they arrive, and written with
:func:`lucidnet.io.atomic_write_bytes` only when the digest matches.  A failed or
tampered download therefore never leaves a file behind, and a reader never sees half a file.
Mirrors are tried in order until one serves the right bytes.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import urllib.request

from ..errors import DownloadError
from ..io import atomic_write_bytes
from ..version import __version__

CHUNK_BYTES = 1 << 16
TIMEOUT_SECONDS = 30


def download(urls, destination, sha256: str, size: int | None = None, progress: bool = True) -> str:
    """Fetch the first of ``urls`` whose bytes have SHA-256 ``sha256`` into ``destination``.

    ``size`` (bytes) sizes the progress bar when a server does not say.  Returns
    ``destination``; raises :class:`DownloadError` listing every mirror's failure.
    """
    destination = os.fspath(destination)
    failures = []
    for url in urls:
        try:
            data, digest = _fetch(url, size, progress, label=os.path.basename(destination))
        except (OSError, http.client.HTTPException) as error:
            failures.append(f"{url}: {error}")
            continue
        if digest != sha256:
            failures.append(
                f"{url}: served {len(data)} bytes with SHA-256 {digest}, expected {sha256}"
            )
            continue
        atomic_write_bytes(destination, data)
        return destination
    raise DownloadError(
        f"Could not download {os.path.basename(destination)}:\n  " + "\n  ".join(failures)
    )


def _fetch(url: str, size: int | None, progress: bool, label: str) -> tuple[bytes, str]:
    """The bytes at ``url`` and their SHA-256, hashed while they stream in."""
    from tqdm.auto import tqdm

    # Some mirrors turn away urllib's default user agent.
    request = urllib.request.Request(url, headers={"User-Agent": f"lucidnet/{__version__}"})
    digest = hashlib.sha256()
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
