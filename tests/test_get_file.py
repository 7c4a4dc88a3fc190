"""get_file: downloads from file:// URLs and a local HTTP server (never the network), the
cache, the digests, and archives unpacked only when every member is safe."""

import hashlib
import http.server
import io
import os
import tarfile
import threading
import zipfile
from pathlib import Path

import pytest

from lucidnet.datasets import DatasetNotFoundError
from lucidnet.utils import file_utils, get_file
from lucidnet.utils.file_utils import UnsafeArchiveError, extract_archive

os.environ.setdefault("KERAS_BACKEND", "torch")


pytestmark = pytest.mark.usefixtures("offline")  # no network, a fresh cache (conftest)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def served(tmp_path, name: str, data: bytes) -> str:
    source = tmp_path / "server" / name
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(data)
    return source.as_uri()


def tar_bytes(members) -> bytes:
    """A gzipped tar of ``members``: (TarInfo-like dict, bytes or None)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for fields, data in members:
            info = tarfile.TarInfo(fields.pop("name"))
            for key, value in fields.items():
                setattr(info, key, value)
            if data is not None:
                info.size = len(data)
            archive.addfile(info, io.BytesIO(data) if data is not None else None)
    return buffer.getvalue()


def zip_bytes(members) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, mode in members:
            info = zipfile.ZipInfo(name)
            info.external_attr = mode << 16
            archive.writestr(info, data)
    return buffer.getvalue()


GOOD_TAR = [({"name": "data"}, None), ({"name": "data/a.txt"}, b"alpha"),
            ({"name": "data/b.txt"}, b"beta")]
GOOD_TAR[0][0]["type"] = tarfile.DIRTYPE


# -- downloading and the cache -----------------------------------------------------------------
def test_get_file_downloads_into_the_cache_checks_the_hash_and_reuses_the_file(tmp_path):
    url = served(tmp_path, "table.csv", b"a,b\n1,2\n")
    path = get_file("table.csv", url, file_hash=sha256(b"a,b\n1,2\n"), cache_dir=tmp_path / "c")
    assert path == os.fspath(tmp_path / "c" / "datasets" / "table.csv")
    assert Path(path).read_bytes() == b"a,b\n1,2\n"
    (tmp_path / "server" / "table.csv").unlink()  # cached: the origin is not read again
    assert get_file("table.csv", url, cache_dir=tmp_path / "c") == path


def test_get_file_names_the_file_after_the_url_and_goes_under_lucidnet_data(tmp_path,
                                                                            monkeypatch):
    monkeypatch.setenv("LUCIDNET_DATA", os.fspath(tmp_path / "data"))
    path = get_file(origin=served(tmp_path, "w.bin", b"xyz"), cache_subdir="mine")
    assert path == os.fspath(tmp_path / "data" / "mine" / "w.bin")


def test_get_file_refetches_a_cached_file_whose_hash_does_not_match(tmp_path):
    url = served(tmp_path, "f.txt", b"new")
    stale = tmp_path / "c" / "datasets" / "f.txt"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    get_file("f.txt", url, file_hash=sha256(b"new"), cache_dir=tmp_path / "c")
    assert stale.read_bytes() == b"new"
    md5 = hashlib.md5(b"newer").hexdigest()  # 32 digits: "auto" reads an MD5, as Keras does
    (tmp_path / "server" / "f.txt").write_bytes(b"newer")
    get_file("f.txt", url, md5_hash=md5, cache_dir=tmp_path / "c")
    assert stale.read_bytes() == b"newer"
    get_file("f.txt", url, cache_dir=tmp_path / "c", force_download=True)


def test_get_file_keeps_nothing_when_the_bytes_do_not_match(tmp_path):
    url = served(tmp_path, "f.txt", b"tampered")
    with pytest.raises(DatasetNotFoundError, match="served 8 bytes with SHA-256"):
        get_file("f.txt", url, file_hash="0" * 64, cache_dir=tmp_path / "c")
    assert not (tmp_path / "c" / "datasets" / "f.txt").exists()


def test_get_file_offline_says_where_to_put_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("LUCIDNET_DATA", os.fspath(tmp_path / "data"))
    missing = (tmp_path / "nowhere" / "x.npz").as_uri()
    with pytest.raises(DatasetNotFoundError) as error:
        get_file("x.npz", missing, file_hash="ab" * 32)
    message = str(error.value)
    assert message.startswith(f"x.npz is not on this machine and could not be downloaded from "
                              f"{missing}.\nPut the file (SHA-256 {'ab' * 32}) at "
                              f"{tmp_path / 'data' / 'datasets' / 'x.npz'}, or set LUCIDNET_DATA")
    assert "No such file" in message


def test_get_file_reads_from_an_http_server(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "page.txt").write_bytes(b"served over http")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=os.fspath(tmp_path / "site"), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/page.txt"
        path = get_file(origin=url, file_hash=sha256(b"served over http"), cache_dir=tmp_path / "c")
    finally:
        server.shutdown()
        thread.join()
    assert Path(path).read_bytes() == b"served over http"


@pytest.mark.parametrize("arguments, error, message", [
    ({"fname": "f"}, ValueError, "get_file needs origin="),
    ({"fname": "a/b", "origin": "file:///x"}, ValueError, "fname must be a file name, not a path"),
    ({"origin": "file:///"}, ValueError, "cannot tell a file name from origin"),
    ({"origin": "file:///x", "file_hash": "xyz"}, ValueError, "must be a hexadecimal digest"),
    ({"origin": "file:///x", "hash_algorithm": "sha1"}, ValueError, "hash_algorithm must be one of"),
    ({"origin": "file:///x", "archive_format": "rar"}, ValueError, "archive_format must be one of"),
    ({"origin": "file:///x", "extract": 1}, ValueError, "get_file extract must be True or False"),
])
def test_get_file_refuses_bad_arguments_before_touching_anything(tmp_path, arguments, error,
                                                                  message):
    with pytest.raises(error, match=message):
        get_file(cache_dir=tmp_path / "c", **arguments)
    assert not (tmp_path / "c").exists()


# -- archives ----------------------------------------------------------------------------------
@pytest.mark.parametrize("fname, folder, archive", [
    ("data.tar.gz", "data_extracted", "data.tar.gz"),  # Keras's names for a name with a dot
    ("data", "data", "data_archive"),
])
def test_get_file_extracts_into_keras_s_folder(tmp_path, fname, folder, archive):
    url = served(tmp_path, "data.tar.gz", tar_bytes([(dict(f), d) for f, d in GOOD_TAR]))
    path = get_file(fname, url, extract=True, cache_dir=tmp_path / "c")
    assert path == os.fspath(tmp_path / "c" / "datasets" / folder)
    assert (Path(path) / "data" / "b.txt").read_bytes() == b"beta"
    assert (tmp_path / "c" / "datasets" / archive).is_file()
    assert sorted(p.name for p in (tmp_path / "c" / "datasets").iterdir()) == sorted({folder, archive})


def test_get_file_extract_names_match_keras(tmp_path):
    keras = pytest.importorskip("keras")
    data = zip_bytes([("z/one.txt", b"1", 0o100644)])
    url = served(tmp_path, "pack.zip", data)
    for case, fname in enumerate(("pack.zip", "pack", None)):
        ours, theirs = tmp_path / f"ours{case}", tmp_path / f"keras{case}"
        theirs.mkdir()  # Keras turns to /tmp/.keras when cache_dir is not writable
        our_path = get_file(fname, url, extract=True, cache_dir=ours)
        keras_path = keras.utils.get_file(fname, url, extract=True, cache_dir=theirs)
        assert Path(our_path).relative_to(ours) == Path(keras_path).relative_to(theirs)
        assert sorted(p.name for p in (ours / "datasets").iterdir()) == \
            sorted(p.name for p in (theirs / "datasets").iterdir())
        assert (Path(our_path) / "z" / "one.txt").read_bytes() == b"1"


def test_untar_extracts_a_tar_and_zip_archives_extract_too(tmp_path):
    url = served(tmp_path, "t.tgz", tar_bytes([(dict(f), d) for f, d in GOOD_TAR]))
    assert (Path(get_file("t", url, untar=True, cache_dir=tmp_path / "c")) / "data" / "a.txt").is_file()
    url = served(tmp_path, "z.zip", zip_bytes([("d/e.txt", b"e", 0o100644)]))
    assert (Path(get_file("z.zip", url, extract=True, cache_dir=tmp_path / "c")) / "d" / "e.txt").is_file()


UNSAFE_TARS = {
    "parent": [({"name": "../evil.txt"}, b"x")],
    "absolute": [({"name": "/tmp/evil.txt"}, b"x")],
    "symlink": [({"name": "link", "type": tarfile.SYMTYPE, "linkname": "/etc/passwd"}, None)],
    "hard link": [({"name": "a.txt"}, b"a"),
                  ({"name": "hard", "type": tarfile.LNKTYPE, "linkname": "a.txt"}, None)],
    "device": [({"name": "dev", "type": tarfile.CHRTYPE}, None)],
}


@pytest.mark.parametrize("case", sorted(UNSAFE_TARS))
def test_an_unsafe_tar_is_refused_whole_and_writes_nothing(tmp_path, case):
    archive = tmp_path / "a.tar.gz"
    archive.write_bytes(tar_bytes([({"name": "first.txt"}, b"1")] + UNSAFE_TARS[case]))
    with pytest.raises(UnsafeArchiveError, match="a.tar.gz: member"):
        extract_archive(archive, tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.tar.gz"]


@pytest.mark.parametrize("name, mode", [("../evil.txt", 0o100644), ("C:/evil.txt", 0o100644),
                                        ("link", 0o120777)])
def test_an_unsafe_zip_is_refused_whole(tmp_path, name, mode):
    archive = tmp_path / "a.zip"
    archive.write_bytes(zip_bytes([("ok.txt", b"1", 0o100644), (name, b"/etc/passwd", mode)]))
    with pytest.raises(UnsafeArchiveError, match=f"member '{name}'"):
        extract_archive(archive, tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.zip"]


def test_an_archive_larger_than_the_limits_is_refused(tmp_path, monkeypatch):
    archive = tmp_path / "a.tar.gz"
    archive.write_bytes(tar_bytes([({"name": "big"}, b"x" * 1000)]))
    monkeypatch.setattr(file_utils, "MAX_EXTRACTED_BYTES", 999)
    with pytest.raises(UnsafeArchiveError, match="unpacks to 1,000 bytes, more than the 999"):
        extract_archive(archive, tmp_path / "out")
    monkeypatch.setattr(file_utils, "MAX_MEMBERS", 0)
    with pytest.raises(UnsafeArchiveError, match="holds 1 members, more than the 0"):
        extract_archive(tmp_path / "a.tar.gz", tmp_path / "out")


def test_a_file_that_is_no_archive_is_not_extracted(tmp_path):
    (tmp_path / "plain.txt").write_bytes(b"just text")
    assert extract_archive(tmp_path / "plain.txt", tmp_path / "out") is False
    assert not (tmp_path / "out").exists()
