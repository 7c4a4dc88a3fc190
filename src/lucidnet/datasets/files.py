"""Where the files of a downloadable dataset are found, and where missing ones are put.

For a dataset called `name` (`"mnist"`, `"fashion_mnist"`) the folders are tried in
this order, and the first that holds every requested file is used:

1. `path=`, when given: the only folder looked in, and the one missing files go to;
2. `$LUCIDNET_DATA/<name>/`, when the variable is set;
3. `$XDG_CACHE_HOME/lucidnet/<name>/`, which is `~/.cache/lucidnet/<name>/` by default;
4. the folder a system package installs the files in (`dataset-fashion-mnist` on
   Debian and Ubuntu puts Fashion-MNIST in `/usr/share/datasets/fashion-mnist`;
   `dpkg -L` is asked too, when there is a dpkg).

Each file may be kept gzipped (its original `.gz` name) or not.  When no folder has them
all, the missing files are downloaded into the first of 1-3 that applies, checked against
their published SHA-256 digests.  With no network,
[`DatasetNotFoundError`][lucidnet.datasets.DatasetNotFoundError] says which files to put where.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import DatasetNotFoundError
from ..utils.download import ALGORITHMS, DATA_ENVIRONMENT_VARIABLE, cache_home, data_home, download


@dataclass(frozen=True)
class RemoteFile:
    """One file as its publishers distribute it: name, size in bytes (None: not published)
    and digest, a SHA-256 unless `algorithm` says `"md5"` (all some publishers give).
    `url_name`, when given, is its name on the mirrors, where `name` is its name on disk.
    """

    name: str
    size: int | None
    digest: str
    algorithm: str = "sha256"
    url_name: str | None = None

    @property
    def described(self) -> str:
        """`9,912,422 bytes, SHA-256 440f…`: how messages name the file's identity."""
        size = f"{self.size:,} bytes, " if self.size is not None else ""
        return f"{size}{ALGORITHMS[self.algorithm]} {self.digest}"

    @property
    def local_names(self) -> tuple[str, ...]:
        """The names it may have on disk: uncompressed first, then as distributed."""
        stem = self.name.removesuffix(".gz")
        return (stem, self.name) if stem != self.name else (self.name,)


@dataclass(frozen=True)
class DatasetSource:
    """A dataset's files, the mirrors that serve them, and the system package that ships them."""

    name: str
    title: str
    files: tuple[RemoteFile, ...]
    mirrors: tuple[str, ...]
    system_package: str | None = None
    system_folder: str | None = None

    def file(self, name: str) -> RemoteFile:
        return next(remote for remote in self.files if remote.name == name)


def locate(source: DatasetSource, names, path=None, progress: bool = True) -> dict[str, Path]:
    """`{file name: path on disk}` for each of `names`; downloads them if no folder has all."""
    wanted = [source.file(name) for name in names]
    folders = [Path(path)] if path is not None else search_folders(source)
    for folder in folders:
        found = _find_all(folder, wanted)
        if found is not None:
            return found
    target = Path(path) if path is not None else download_folder(source)
    missing = [remote for remote in wanted if _find(target, remote) is None]
    failures = {}
    for remote in missing:
        try:
            download([base + (remote.url_name or remote.name) for base in source.mirrors],
                     target / remote.name, remote.digest, remote.size, progress=progress,
                     algorithm=remote.algorithm)
        except OSError as error:  # a DownloadError, or the folder cannot be written
            failures[remote] = error
    if failures:
        raise DatasetNotFoundError(_not_found_message(source, failures, folders, target))
    return _find_all(target, wanted)


def search_folders(source: DatasetSource) -> list[Path]:
    """The folders looked in when no `path=` is given, in order (see the module docstring)."""
    folders = []
    if os.environ.get(DATA_ENVIRONMENT_VARIABLE):
        folders.append(Path(os.environ[DATA_ENVIRONMENT_VARIABLE]).expanduser() / source.name)
    folders.append(cache_folder(source))
    if source.system_package:
        folders += system_folders(source)
    return list(dict.fromkeys(folders))


def cache_folder(source: DatasetSource) -> Path:
    return cache_home() / source.name


def download_folder(source: DatasetSource) -> Path:
    """Where downloads go: under `$LUCIDNET_DATA` when it is set, else the user's cache."""
    return data_home() / source.name


def system_folders(source: DatasetSource) -> list[Path]:
    """The package's folder as `dpkg -L` reports it, then the folder it is known to use."""
    folders = []
    listed = _dpkg_folder(source.system_package, source.files[0].name)
    if listed is not None:
        folders.append(listed)
    if source.system_folder:
        folders.append(Path(source.system_folder))
    return folders


def _dpkg_folder(package: str, file_name: str) -> Path | None:
    # Only a hint: on systems without dpkg, or when it fails, the known folder still applies.
    dpkg = shutil.which("dpkg")
    if dpkg is None:
        return None
    try:
        listing = subprocess.run([dpkg, "-L", package], capture_output=True, text=True,
                                 timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if listing.returncode != 0:
        return None
    for line in listing.stdout.splitlines():
        if os.path.basename(line.strip()) == file_name:
            return Path(line.strip()).parent
    return None


def _find(folder: Path, remote: RemoteFile) -> Path | None:
    for name in remote.local_names:
        if (folder / name).is_file():
            return folder / name
    return None


def _find_all(folder: Path, wanted) -> dict[str, Path] | None:
    found = {remote.name: _find(folder, remote) for remote in wanted}
    return None if None in found.values() else found


def _not_found_message(source, failures: dict, folders, target) -> str:
    listing = "\n".join(
        f"  {remote.name}  ({remote.described})" for remote in failures
    )
    message = (
        f"The {source.title} files are not on this machine and could not be downloaded.\n"
        f"Put these files (gzipped as listed, or uncompressed without .gz) in {target}:\n"
        f"{listing}\n"
        f"or pass path= a folder that holds them, or set {DATA_ENVIRONMENT_VARIABLE} to a "
        f"folder with a {source.name}/ subfolder that holds them."
    )
    if source.system_package:
        message += (
            f"\nOn Debian or Ubuntu, `sudo apt-get install {source.system_package}` installs "
            f"them in {source.system_folder}, where lucidnet finds them."
        )
    looked = ", ".join(str(folder) for folder in folders)
    reasons = "\n".join(
        f"  {line}" for error in failures.values() for line in str(error).splitlines()
    )
    return f"{message}\nLooked in: {looked}.\nDownloading failed:\n{reasons}"
