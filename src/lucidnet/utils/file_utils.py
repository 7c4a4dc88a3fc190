"""`get_file`: a file from a URL, kept in lucidnet's download folder, checked, and unpacked
safely when it is an archive.

The download is `lucidnet.utils.download.download`'s: hashed as it arrives and written
atomically only when the digest matches, so the cache never holds half a file or a tampered
one.  Archives (tar, gzip/bzip2/xz tar, zip) are unpacked into a temporary folder beside the
target and renamed into place once complete, and only after every member has been checked:

- a member's path stays inside the folder (no absolute path, no `..`, no drive);
- links are refused, symbolic and hard alike, and so are devices and pipes: an archive of
  data holds regular files and folders;
- at most `MAX_MEMBERS` members and `MAX_EXTRACTED_BYTES` bytes in all, as
  declared by the archive's own headers, which tarfile and zipfile never read past.

An archive that breaks a rule is refused whole, before anything is written.
"""

from __future__ import annotations

import os
import stat
import urllib.parse
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

from ..errors import DatasetNotFoundError
from ..validation import boolean, choice
from .download import ALGORITHMS, DATA_ENVIRONMENT_VARIABLE, data_home, download

if TYPE_CHECKING:
    import tarfile
    import zipfile

#: The most members an archive may hold (IMDB's reviews are 100,000 files).
MAX_MEMBERS = 1_000_000
#: The most bytes an archive may unpack to, 16 GiB.
MAX_EXTRACTED_BYTES = 1 << 34


class UnsafeArchiveError(ValueError):
    """An archive that would write outside its folder, holds links or devices, or unpacks
    to more than the limits allow."""


def get_file(fname=None, origin=None, untar=False, md5_hash=None, file_hash=None,
             cache_subdir="datasets", hash_algorithm="auto", extract=False,
             archive_format="auto", cache_dir=None, force_download=False) -> str:
    """The path of the file at URL `origin`, downloaded into the cache unless it is there,
    as `keras.utils.get_file`.

    The file is `<cache_dir>/<cache_subdir>/<fname>`: `cache_dir` defaults to
    `$LUCIDNET_DATA`, else `~/.cache/lucidnet` (Keras's is `~/.keras`); an absolute
    `cache_subdir` is used as it is; `fname` defaults to the last part of the URL.
    `file_hash` (SHA-256 or MD5, hexadecimal; `hash_algorithm="auto"` tells them by
    length, as Keras does) is checked on download, and a cached file that does not match is
    fetched again; `md5_hash` is the older spelling of an MD5 `file_hash`.

    With `extract=True` (or `untar=True`, for tar only) the archive is unpacked and the
    folder returned: `<fname without extension>_extracted` when `fname` has an
    extension, else `fname` with the archive kept as `<fname>_archive`, Keras's names.
    `archive_format` is `"auto"` (tar, then zip), `"tar"`, `"zip"` or a list of them.
    The members are checked first (see the module docstring); an unsafe archive raises
    `UnsafeArchiveError` and writes nothing.  `force_download` fetches the file
    even when it is cached.

    With no network and no cached file,
    [`lucidnet.datasets.DatasetNotFoundError`][lucidnet.datasets.DatasetNotFoundError] says where
    to put the file.
    """
    if origin is None:
        raise ValueError("get_file needs origin=, the URL of the file to download.")
    if not isinstance(origin, str):
        raise TypeError(f"get_file origin must be a URL string, got {origin!r:.80}.")
    untar, extract = boolean("get_file untar", untar), boolean("get_file extract", extract)
    force_download = boolean("get_file force_download", force_download)
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    algorithm = _algorithm(hash_algorithm, file_hash)
    formats = _archive_formats("tar" if untar else archive_format)
    folder = Path(os.path.expanduser(os.fspath(cache_dir))) if cache_dir is not None else data_home()
    folder = folder / cache_subdir
    given_name = fname is not None
    fname = os.fspath(fname) if given_name else os.path.basename(urllib.parse.urlsplit(origin).path)
    if not fname:
        raise ValueError(f"get_file cannot tell a file name from origin {origin!r}; pass fname=.")
    if os.sep in fname or (os.altsep and os.altsep in fname):
        raise ValueError(f"get_file fname must be a file name, not a path, got {fname!r}; "
                         f"choose the folder with cache_dir= or cache_subdir=.")
    target, extracted = folder / fname, None
    if extract or untar:
        if given_name and "." in fname:
            extracted = folder / f"{fname[:fname.find('.')]}_extracted"
        else:
            target, extracted = folder / f"{fname}_archive", folder / fname
    fetched = force_download or not target.is_file() or (
        file_hash is not None and hash_file(target, algorithm) != file_hash.lower())
    if fetched:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            download([origin], target, file_hash, progress=True, algorithm=algorithm)
        except OSError as error:  # a DownloadError, or the folder cannot be written
            raise DatasetNotFoundError(_not_found_message(
                fname, origin, target, file_hash, algorithm, error, cache_dir is None)) from None
    if extracted is None:
        return os.fspath(target)
    if fetched or not extracted.is_dir():
        extract_archive(target, extracted, formats)
    return os.fspath(extracted)


def hash_file(path, algorithm: str = "sha256", chunk_size: int = 1 << 16) -> str:
    """The hexadecimal SHA-256 (or `"md5"`) digest of the file at `path`."""
    import hashlib

    digest = hashlib.new(algorithm)
    with open(path, "rb") as file:
        while chunk := file.read(chunk_size):
            digest.update(chunk)
    return digest.hexdigest()


def extract_archive(file_path, path, archive_format="auto") -> bool:
    """Unpack the archive `file_path` into the folder `path`, replacing it, after checking
    every member; False when it is none of the `archive_format` kinds.

    The members go to a temporary folder beside `path`, renamed over it once all are
    written, so `path` is never half unpacked.
    """
    # The archive modules serve this function alone: `import lucidnet` does not load them.
    import shutil
    import tarfile
    import tempfile
    import zipfile

    file_path, path = Path(file_path), Path(path)
    for kind in _archive_formats(archive_format):
        if kind == "tar" and tarfile.is_tarfile(file_path):
            opener = tarfile.open
        elif kind == "zip" and zipfile.is_zipfile(file_path):
            opener = zipfile.ZipFile
        else:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
        try:
            with opener(file_path) as archive:
                if kind == "tar":
                    archive.extractall(staging, members=_safe_tar_members(archive, file_path),
                                       **_tar_filter())
                else:
                    _check_zip_members(archive, file_path)
                    archive.extractall(staging)
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
            os.replace(staging, path)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return True
    return False


def _safe_tar_members(archive: tarfile.TarFile, file_path) -> list[tarfile.TarInfo]:
    members = archive.getmembers()
    _check_totals(file_path, len(members), sum(member.size for member in members))
    for member in members:
        if not (member.isfile() or member.isdir()):
            kind = ("a link" if member.issym() or member.islnk() else "a device or pipe")
            raise UnsafeArchiveError(f"{file_path}: member {member.name!r} is {kind}; an "
                                     f"archive of data may hold only files and folders.")
        _check_member_path(file_path, member.name)
    return members


def _check_zip_members(archive: zipfile.ZipFile, file_path) -> None:
    members = archive.infolist()
    _check_totals(file_path, len(members), sum(member.file_size for member in members))
    for member in members:
        mode = member.external_attr >> 16
        if mode and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise UnsafeArchiveError(f"{file_path}: member {member.filename!r} is a link or "
                                     f"a special file; an archive of data may hold only files "
                                     f"and folders.")
        _check_member_path(file_path, member.filename)


def _check_member_path(file_path, name: str) -> None:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if (not parts or name.startswith(("/", "\\")) or PureWindowsPath(name).drive
            or ".." in parts):
        raise UnsafeArchiveError(f"{file_path}: member {name!r} would be written outside the "
                                 f"folder it is unpacked into.")


def _check_totals(file_path, count: int, size: int) -> None:
    if count > MAX_MEMBERS:
        raise UnsafeArchiveError(f"{file_path} holds {count:,} members, more than the "
                                 f"{MAX_MEMBERS:,} lucidnet unpacks.")
    if size > MAX_EXTRACTED_BYTES:
        raise UnsafeArchiveError(f"{file_path} unpacks to {size:,} bytes, more than the "
                                 f"{MAX_EXTRACTED_BYTES:,} lucidnet unpacks.")


def _tar_filter() -> dict:
    import tarfile

    # Python's own "data" filter (3.11.4 on) checks the same rules again as members are written.
    return {"filter": "data"} if hasattr(tarfile, "data_filter") else {}


def _algorithm(hash_algorithm, file_hash) -> str:
    hash_algorithm = choice("get_file hash_algorithm", hash_algorithm, ("auto", "sha256", "md5"))
    if file_hash is not None and not (isinstance(file_hash, str) and file_hash
                                      and all(c in "0123456789abcdefABCDEF" for c in file_hash)):
        raise ValueError(f"get_file file_hash must be a hexadecimal digest, got {file_hash!r}.")
    if hash_algorithm == "auto":  # Keras's rule: 64 hexadecimal digits are a SHA-256
        return "sha256" if file_hash is None or len(file_hash) == 64 else "md5"
    return hash_algorithm


def _archive_formats(archive_format) -> list[str]:
    if archive_format is None:
        return []
    if archive_format == "auto":
        return ["tar", "zip"]
    formats = [archive_format] if isinstance(archive_format, str) else list(archive_format)
    return [choice("get_file archive_format", kind, ("tar", "zip")) for kind in formats]


def _not_found_message(fname, origin, target, file_hash, algorithm, error, default_folder):
    checked = f" ({ALGORITHMS[algorithm]} {file_hash})" if file_hash else ""
    elsewhere = (f", or set {DATA_ENVIRONMENT_VARIABLE} to a folder whose "
                 f"{target.parent.name}/ subfolder holds it" if default_folder else "")
    reasons = "\n".join(f"  {line}" for line in str(error).splitlines())
    return (f"{fname} is not on this machine and could not be downloaded from {origin}.\n"
            f"Put the file{checked} at {target}{elsewhere}.\n"
            f"Downloading failed:\n{reasons}")
