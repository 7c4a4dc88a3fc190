"""MNIST and Fashion-MNIST: where their files are found, how missing ones are fetched and checked.

Nothing here touches the network: downloads come from ``file://`` mirrors made in the test,
and any other URL fails the test.
"""

import dataclasses
import gzip
import hashlib
import shutil
import struct
from pathlib import Path

import numpy as np
import pytest

from lucidnet.datasets import DatasetNotFoundError, IDXError, fashion_mnist, mnist
from lucidnet.datasets.files import search_folders, system_folders
from lucidnet.utils.download import DownloadError, download

MNIST_T10K = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "mnist-t10k"
T10K_FILES = ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
needs_mnist = pytest.mark.skipif(
    not all((MNIST_T10K / name).is_file() for name in T10K_FILES),
    reason="the shared MNIST t10k files are absent",
)
DEBIAN_FASHION = Path(fashion_mnist.SOURCE.system_folder)
needs_debian_fashion = pytest.mark.skipif(
    not all((DEBIAN_FASHION / f.name).is_file() for f in fashion_mnist.SOURCE.files),
    reason="the Debian package dataset-fashion-mnist is not installed",
)


pytestmark = pytest.mark.usefixtures("offline")  # no network, a fresh cache (conftest)


def sha256(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def mirror_of(folder: Path) -> str:
    return folder.as_uri() + "/"


def mnist_served_from(monkeypatch, folder: Path, digests=None):
    """Point MNIST's mirrors at ``folder``; ``digests`` ({file name: SHA-256}) replace published ones."""
    digests = digests or {}
    files = tuple(dataclasses.replace(f, digest=digests.get(f.name, f.digest)) for f in mnist.SOURCE.files)
    monkeypatch.setattr(mnist, "SOURCE", dataclasses.replace(mnist.SOURCE, files=files, mirrors=(mirror_of(folder),)))


def local_digests():
    return {name: sha256(MNIST_T10K / name) for name in T10K_FILES}


# -- reading the real files ------------------------------------------------------------------
@needs_mnist
def test_mnist_test_set_is_the_10000_real_digits():
    x_test, y_test = mnist.load_test_data(path=MNIST_T10K)
    assert x_test.shape == (10000, 28, 28) and x_test.dtype == np.uint8
    assert y_test.dtype == np.uint8 and x_test.max() == mnist.MAX_PIXEL
    assert np.bincount(y_test).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@needs_mnist
def test_uncompressed_files_are_read_as_well_as_gzipped(tmp_path):
    for name in T10K_FILES:
        (tmp_path / name.removesuffix(".gz")).write_bytes(gzip.decompress((MNIST_T10K / name).read_bytes()))
    x_plain, y_plain = mnist.load_test_data(path=tmp_path)
    x_gz, y_gz = mnist.load_test_data(path=MNIST_T10K)
    np.testing.assert_array_equal(x_plain, x_gz)
    np.testing.assert_array_equal(y_plain, y_gz)


@needs_debian_fashion
def test_fashion_mnist_is_found_where_the_debian_package_installs_it():
    (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert np.bincount(y_train).tolist() == [6000] * 10
    assert np.bincount(y_test).tolist() == [1000] * 10
    assert fashion_mnist.CLASS_NAMES[y_train[0]] == "Ankle boot"


# The local copies differ from the published files only in their gzip headers: the Debian
# Fashion-MNIST files dropped the stored file name and time, and the shared MNIST copies have
# "-" for "." in the stored name and a later time.  Putting the published header back must
# give exactly the bytes whose size and SHA-256 lucidnet checks when it downloads.
PUBLISHED_GZIP_HEADERS = {  # file → (name stored in the gzip header, time stored there)
    "fashion_mnist": {"train-images-idx3-ubyte.gz": ("train-images-idx3-ubyte", 1504176606),
                      "train-labels-idx1-ubyte.gz": ("train-labels-idx1-ubyte", 1504176606),
                      "t10k-images-idx3-ubyte.gz": ("t10k-images-idx3-ubyte", 1504176627),
                      "t10k-labels-idx1-ubyte.gz": ("t10k-labels-idx1-ubyte", 1504176627)},
    "mnist": {"t10k-images-idx3-ubyte.gz": ("t10k-images.idx3-ubyte", 885827245),
              "t10k-labels-idx1-ubyte.gz": ("t10k-labels.idx1-ubyte", 885827268)},
}


def with_gzip_header(data: bytes, stored_name: str, mtime: int) -> bytes:
    """``data`` (a gzip file) with the header fields FNAME and MTIME set (RFC 1952, section 2.3)."""
    flags = data[3]
    body = data[10:]
    if flags & 0x08:  # FNAME present: skip the old zero-terminated name
        body = body[body.index(0) + 1:]
    return (data[:3] + bytes([flags | 0x08]) + struct.pack("<I", mtime) + data[8:10]
            + stored_name.encode() + b"\0" + body)


@needs_debian_fashion
@pytest.mark.parametrize("remote", fashion_mnist.SOURCE.files, ids=lambda f: f.name)
def test_fashion_mnist_digests_are_those_of_the_debian_files_as_published(remote):
    published = with_gzip_header((DEBIAN_FASHION / remote.name).read_bytes(),
                                 *PUBLISHED_GZIP_HEADERS["fashion_mnist"][remote.name])
    assert len(published) == remote.size
    assert hashlib.sha256(published).hexdigest() == remote.digest


@needs_mnist
@pytest.mark.parametrize("name", T10K_FILES)
def test_mnist_test_set_digests_are_those_of_the_shared_files_as_published(name):
    remote = mnist.SOURCE.file(name)
    published = with_gzip_header((MNIST_T10K / name).read_bytes(), *PUBLISHED_GZIP_HEADERS["mnist"][name])
    assert len(published) == remote.size
    assert hashlib.sha256(published).hexdigest() == remote.digest


# -- where files are looked for --------------------------------------------------------------
@needs_mnist
def test_lucidnet_data_folder_is_searched(monkeypatch, tmp_path):
    shutil.copytree(MNIST_T10K, tmp_path / "data" / "mnist")
    monkeypatch.setenv("LUCIDNET_DATA", str(tmp_path / "data"))
    x_test, _ = mnist.load_test_data()
    assert x_test.shape == (10000, 28, 28)


@needs_mnist
def test_user_cache_folder_is_searched(tmp_path):
    shutil.copytree(MNIST_T10K, tmp_path / "cache" / "lucidnet" / "mnist")
    x_test, _ = mnist.load_test_data()
    assert x_test.shape == (10000, 28, 28)


def test_search_order_is_environment_then_cache_then_system_package(monkeypatch, tmp_path):
    monkeypatch.setenv("LUCIDNET_DATA", str(tmp_path / "data"))
    folders = search_folders(fashion_mnist.SOURCE)
    assert folders[:2] == [tmp_path / "data" / "fashion_mnist", tmp_path / "cache" / "lucidnet" / "fashion_mnist"]
    assert folders[-1] == DEBIAN_FASHION


def test_system_folder_is_known_without_dpkg(monkeypatch):
    monkeypatch.setenv("PATH", "")
    assert system_folders(fashion_mnist.SOURCE) == [DEBIAN_FASHION]


@needs_debian_fashion
@pytest.mark.skipif(shutil.which("dpkg") is None, reason="no dpkg")
def test_dpkg_is_asked_where_the_package_put_its_files():
    assert system_folders(fashion_mnist.SOURCE)[0] == DEBIAN_FASHION


@needs_mnist
def test_corrupt_local_file_is_reported_not_replaced(tmp_path):
    shutil.copytree(MNIST_T10K, tmp_path / "mnist")
    images = tmp_path / "mnist" / "t10k-images-idx3-ubyte.gz"
    images.write_bytes(images.read_bytes()[:100_000])
    with pytest.raises(IDXError, match=f"{images} is a corrupt or truncated gzip file"):
        mnist.load_test_data(path=tmp_path / "mnist")


@needs_mnist
def test_swapped_images_and_labels_are_caught(tmp_path):
    images, labels = (MNIST_T10K / name for name in T10K_FILES)
    shutil.copy(images, tmp_path / "t10k-labels-idx1-ubyte.gz")
    shutil.copy(labels, tmp_path / "t10k-images-idx3-ubyte.gz")
    with pytest.raises(IDXError, match="should hold uint8 images of shape .* swapped"):
        mnist.load_test_data(path=tmp_path)


@needs_mnist
def test_images_and_labels_of_different_lengths_are_caught(tmp_path):
    shutil.copy(MNIST_T10K / T10K_FILES[0], tmp_path)
    labels = gzip.decompress((MNIST_T10K / T10K_FILES[1]).read_bytes())
    (tmp_path / "t10k-labels-idx1-ubyte").write_bytes(labels[:4] + struct.pack(">I", 9999) + labels[8:-1])
    with pytest.raises(IDXError, match="holds 10000 images but .* holds 9999 labels"):
        mnist.load_test_data(path=tmp_path)


# -- downloading -----------------------------------------------------------------------------
@needs_mnist
def test_missing_files_are_downloaded_into_the_cache_and_verified(monkeypatch, tmp_path):
    mnist_served_from(monkeypatch, MNIST_T10K, local_digests())
    x_test, y_test = mnist.load_test_data()
    cache = tmp_path / "cache" / "lucidnet" / "mnist"
    assert sorted(p.name for p in cache.iterdir()) == sorted(T10K_FILES)
    assert sha256(cache / T10K_FILES[0]) == sha256(MNIST_T10K / T10K_FILES[0])
    assert x_test.shape == (10000, 28, 28) and y_test[0] == 7


@needs_mnist
def test_download_goes_under_lucidnet_data_when_it_is_set(monkeypatch, tmp_path):
    mnist_served_from(monkeypatch, MNIST_T10K, local_digests())
    monkeypatch.setenv("LUCIDNET_DATA", str(tmp_path / "data"))
    mnist.load_test_data()
    assert (tmp_path / "data" / "mnist" / T10K_FILES[1]).is_file()


@needs_mnist
def test_checksum_mismatch_is_an_error_that_leaves_no_file(monkeypatch, tmp_path):
    mnist_served_from(monkeypatch, MNIST_T10K, {**local_digests(), T10K_FILES[1]: "0" * 64})
    with pytest.raises(DatasetNotFoundError, match=r"t10k-labels-idx1-ubyte.gz: served 4542 bytes with SHA-256 [0-9a-f]{64}, expected 0{64}"):
        mnist.load_test_data(path=tmp_path / "target")
    # The images passed their check and were kept; nothing of the labels, not even a temporary file.
    assert [p.name for p in (tmp_path / "target").iterdir()] == [T10K_FILES[0]]


@needs_mnist
def test_next_mirror_is_tried_when_one_fails(tmp_path):
    good = MNIST_T10K / T10K_FILES[1]
    mirrors = [(tmp_path / "nowhere").as_uri() + "/", mirror_of(MNIST_T10K)]
    download([m + good.name for m in mirrors], tmp_path / "got" / good.name, sha256(good), progress=False)
    assert (tmp_path / "got" / good.name).read_bytes() == good.read_bytes()


@needs_mnist
@pytest.mark.parametrize("progress", [True, False])
def test_download_progress_bar_names_the_file_unless_turned_off(progress, capsys, tmp_path):
    good = MNIST_T10K / T10K_FILES[1]
    download([good.as_uri()], tmp_path / good.name, sha256(good), progress=progress)
    assert (good.name in capsys.readouterr().err) is progress


def test_download_error_lists_every_mirror_and_why(tmp_path):
    urls = [(tmp_path / folder / "f.gz").as_uri() for folder in ("a", "b")]
    with pytest.raises(DownloadError) as error:
        download(urls, tmp_path / "f.gz", "0" * 64, progress=False)
    assert all(f"{url}: <urlopen error [Errno 2] No such file" in str(error.value) for url in urls)
    assert not (tmp_path / "f.gz").exists()


def test_offline_error_says_which_files_to_put_where(monkeypatch, tmp_path):
    mnist_served_from(monkeypatch, tmp_path / "no-mirror")
    with pytest.raises(DatasetNotFoundError) as error:
        mnist.load_data()
    message = str(error.value)
    cache = tmp_path / "cache" / "lucidnet" / "mnist"
    assert f"Put these files (gzipped as listed, or uncompressed without .gz) in {cache}:" in message
    for remote in mnist.SOURCE.files:
        assert f"{remote.name}  ({remote.size:,} bytes, SHA-256 {remote.digest})" in message
    assert "set LUCIDNET_DATA to a folder with a mnist/ subfolder" in message
    assert "apt-get" not in message  # no package ships MNIST


@needs_mnist
def test_offline_error_lists_only_the_files_still_missing(monkeypatch, tmp_path):
    mnist_served_from(monkeypatch, tmp_path / "no-mirror")
    with pytest.raises(DatasetNotFoundError) as error:
        mnist.load_data(path=MNIST_T10K)
    message = str(error.value)
    assert f"in {MNIST_T10K}:\n  train-images-idx3-ubyte.gz" in message
    assert "train-labels-idx1-ubyte.gz  (28,881 bytes" in message and "t10k-labels-idx1-ubyte.gz  (" not in message


def test_offline_fashion_mnist_error_names_the_debian_package(monkeypatch, tmp_path):
    source = dataclasses.replace(fashion_mnist.SOURCE, mirrors=(mirror_of(tmp_path / "no-mirror"),),
                                 system_folder=str(tmp_path / "not-installed"))
    monkeypatch.setattr(fashion_mnist, "SOURCE", source)
    monkeypatch.setenv("PATH", "")  # no dpkg to find the real package
    with pytest.raises(DatasetNotFoundError, match=r"`sudo apt-get install dataset-fashion-mnist` installs them in .*not-installed"):
        fashion_mnist.load_test_data()
