"""The datasets Keras publishes (Boston and California Housing, IMDB, Reuters) and CIFAR-10/100,
read from small files made here in the real formats: the splits and encodings are checked by
hand and, when Keras is installed, against Keras's own loaders on the same files.  Nothing
touches the network: mirrors are file:// folders made in the test."""

import dataclasses
import io
import json
import os
import tarfile

import numpy as np
import pytest

from lucidnet.datasets import (DatasetNotFoundError, boston_housing, california_housing, cifar10,
                               cifar100, imdb, reuters)
from lucidnet.datasets.npz import DatasetFileError, load_npz

os.environ.setdefault("KERAS_BACKEND", "torch")


pytestmark = pytest.mark.usefixtures("offline")  # no network, a fresh cache (conftest)


def keras_loader(monkeypatch, module_name, file):
    """Keras's loader ``module_name``, reading ``file`` instead of downloading."""
    pytest.importorskip("keras")
    import importlib

    module = importlib.import_module(f"keras.src.datasets.{module_name}")
    monkeypatch.setattr(module, "get_file", lambda *args, **kwargs: os.fspath(file))
    return module


def assert_same_splits(ours, theirs):
    for (x, y), (keras_x, keras_y) in zip(ours, theirs):
        if x.dtype == object:
            assert [list(row) for row in x] == [list(row) for row in keras_x]
        else:
            np.testing.assert_array_equal(x, keras_x)
        np.testing.assert_array_equal(y, keras_y)


def ragged(rng, count, vocabulary=30):
    rows = [list(rng.integers(1, vocabulary, size=rng.integers(1, 12))) for _ in range(count)]
    array = np.empty(count, dtype=object)
    array[:] = [[int(w) for w in row] for row in rows]
    return array


# -- Boston and California Housing -------------------------------------------------------------
@pytest.fixture
def housing_file(tmp_path):
    rng = np.random.default_rng(0)
    path = tmp_path / "boston_housing.npz"
    np.savez(path, x=rng.normal(size=(21, 13)), y=np.arange(21.0))
    return path


def test_boston_housing_shuffles_with_randomstate_and_cuts_at_int_n_times_1_minus_split(
        housing_file):
    (x_train, y_train), (x_test, y_test) = boston_housing.load_data(os.fspath(housing_file))
    order = np.arange(21)
    np.random.RandomState(113).shuffle(order)
    assert len(y_train) == int(21 * 0.8) == 16
    np.testing.assert_array_equal(np.concatenate([y_train, y_test]), order)  # y is the row index
    x = np.load(housing_file)["x"]
    np.testing.assert_array_equal(x_test, x[order[16:]])


@pytest.mark.parametrize("options", [{}, {"test_split": 0.5, "seed": 7}, {"test_split": 0.0}])
def test_boston_housing_matches_keras(monkeypatch, housing_file, options):
    keras_module = keras_loader(monkeypatch, "boston_housing", housing_file)
    assert_same_splits(boston_housing.load_data(os.fspath(housing_file), **options),
                       keras_module.load_data(**options))


def test_california_housing_small_keeps_the_first_600(monkeypatch, tmp_path):
    path = tmp_path / "california_housing.npz"
    np.savez(path, x=np.arange(700 * 8, dtype=float).reshape(700, 8), y=np.arange(700.0))
    (_, y_train), (_, y_test) = california_housing.load_data("small", os.fspath(path))
    assert len(y_train) + len(y_test) == 600 and max(y_train.max(), y_test.max()) < 600
    keras_module = keras_loader(monkeypatch, "california_housing", path)
    for version in ("small", "large"):
        assert_same_splits(
            california_housing.load_data(version, os.fspath(path), test_split=0.3, seed=1),
            keras_module.load_data(version, test_split=0.3, seed=1))


def test_the_housing_loaders_check_their_arguments_before_looking_for_files():
    with pytest.raises(ValueError, match=r"test_split must be a number in \[0, 1\), got 1"):
        boston_housing.load_data(test_split=1)
    with pytest.raises(ValueError, match="california_housing version must be one of 'small' or "
                                         "'large', got 'medium'"):
        california_housing.load_data("medium")


def test_a_missing_dataset_file_is_downloaded_into_its_folder_and_checked(monkeypatch, tmp_path,
                                                                          housing_file):
    import hashlib
    digest = hashlib.sha256(housing_file.read_bytes()).hexdigest()
    source = dataclasses.replace(boston_housing.SOURCE, mirrors=(housing_file.parent.as_uri() + "/",),
                                 files=(dataclasses.replace(boston_housing.SOURCE.files[0],
                                                            digest=digest),))
    monkeypatch.setattr(boston_housing, "SOURCE", source)
    boston_housing.load_data()
    assert (tmp_path / "cache" / "lucidnet" / "boston_housing" / "boston_housing.npz").is_file()


def test_offline_the_message_says_which_file_to_put_where(monkeypatch, tmp_path):
    source = dataclasses.replace(boston_housing.SOURCE, mirrors=((tmp_path / "none").as_uri() + "/",))
    monkeypatch.setattr(boston_housing, "SOURCE", source)
    with pytest.raises(DatasetNotFoundError) as error:
        boston_housing.load_data()
    message = str(error.value)
    assert "The Boston Housing files are not on this machine and could not be downloaded." in message
    assert ("boston_housing.npz  (57,026 bytes, SHA-256 f553886a1f8d56431e820c5b82552d9d95cfcb96d1e"
            "678153f8839538947dff5)") in message
    assert str(tmp_path / "cache" / "lucidnet" / "boston_housing") in message


# -- IMDB and Reuters --------------------------------------------------------------------------
@pytest.fixture
def imdb_file(tmp_path):
    rng = np.random.default_rng(1)
    path = tmp_path / "imdb.npz"
    np.savez(path, x_train=ragged(rng, 12), y_train=rng.integers(0, 2, 12),
             x_test=ragged(rng, 9), y_test=rng.integers(0, 2, 9))
    return path


def test_imdb_encodes_a_worked_example(tmp_path):
    path = tmp_path / "tiny.npz"
    x = np.empty(2, dtype=object)
    x[:] = [[5, 1, 2], [1, 30]]
    np.savez(path, x_train=x, y_train=np.array([1, 0]), x_test=x, y_test=np.array([0, 1]))
    (x_train, y_train), _ = imdb.load_data(os.fspath(path), seed=0)
    order = np.arange(2)
    np.random.RandomState(0).shuffle(order)
    # Start 1, each word + 3; num_words=None is the largest index, 33, and as in Keras only
    # the indices below it are kept, so 33 itself becomes the out-of-vocabulary 2.
    expected = {0: [1, 8, 4, 5], 1: [1, 4, 2]}
    assert [list(row) for row in x_train] == [expected[i] for i in order]
    (x_train, _), _ = imdb.load_data(os.fspath(path), seed=0, num_words=6, skip_top=5)
    # 1 (start) and 4 are below skip_top=5, 8 and 33 not below num_words=6: out of vocabulary.
    expected = {0: [2, 2, 2, 5], 1: [2, 2, 2]}
    assert [list(row) for row in x_train] == [expected[i] for i in order]
    (x_train, y_train), _ = imdb.load_data(os.fspath(path), seed=0, maxlen=4)
    assert [list(row) for row in x_train] == [[1, 4, 2]]  # [1, 8, 4, 5] is not shorter than 4


@pytest.mark.parametrize("options", [
    {}, {"num_words": 20, "skip_top": 2}, {"maxlen": 8, "seed": 3},
    {"start_char": None, "oov_char": None, "num_words": 15, "index_from": 0},
    {"index_from": 5, "oov_char": 9},
])
def test_imdb_matches_keras(monkeypatch, imdb_file, options):
    keras_module = keras_loader(monkeypatch, "imdb", imdb_file)
    assert_same_splits(imdb.load_data(os.fspath(imdb_file), **options),
                       keras_module.load_data(**options))


@pytest.mark.parametrize("options", [{}, {"num_words": 10, "test_split": 0.5},
                                     {"maxlen": 6, "seed": 2, "skip_top": 4}])
def test_reuters_matches_keras(monkeypatch, tmp_path, options):
    rng = np.random.default_rng(2)
    path = tmp_path / "reuters.npz"
    np.savez(path, x=ragged(rng, 15), y=rng.integers(0, 46, 15))
    keras_module = keras_loader(monkeypatch, "reuters", path)
    assert_same_splits(reuters.load_data(os.fspath(path), **options),
                       keras_module.load_data(**options))
    assert reuters.get_label_names() == tuple(keras_module.get_label_names())


def test_the_word_indexes_are_read_from_their_json(tmp_path, monkeypatch):
    (tmp_path / "imdb_word_index.json").write_text(json.dumps({"the": 1, "and": 2}))
    assert imdb.get_word_index(os.fspath(tmp_path / "imdb_word_index.json")) == {"the": 1, "and": 2}
    (tmp_path / "bad.json").write_text(json.dumps({"the": "1"}))
    with pytest.raises(DatasetFileError, match="one JSON object of words and their integer ranks"):
        reuters.get_word_index(os.fspath(tmp_path / "bad.json"))


class Gadget:
    def __reduce__(self):
        return (os.system, ("echo hacked",))


def test_a_pickle_that_names_anything_but_an_array_is_refused_without_running(tmp_path):
    # An object array whose element unpickles by calling os.system.
    x = np.empty(1, dtype=object)
    x[0] = Gadget()
    path = tmp_path / "evil.npz"
    np.savez(path, x=x, y=np.zeros(1))
    with pytest.raises(DatasetFileError, match="names posix.system, which is not part of an array"):
        load_npz(path, ("x", "y"))
    with pytest.raises(DatasetFileError, match="has no array 'x_train'"):
        imdb.load_data(os.fspath(path))


def test_an_array_of_something_else_than_word_lists_is_refused(tmp_path):
    x = np.empty(1, dtype=object)
    x[0] = "a string"
    path = tmp_path / "reuters.npz"
    np.savez(path, x=x, y=np.zeros(1, dtype=int))
    with pytest.raises(DatasetFileError, match="'x' entry 0 must be a list of word indices"):
        reuters.load_data(os.fspath(path))


# -- CIFAR -------------------------------------------------------------------------------------
def cifar_tarball(path, members):
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


def records(labels, images):
    """Binary records: the label bytes, then the image as red, green, blue planes."""
    return b"".join(bytes(label) + image.transpose(2, 0, 1).tobytes()
                    for label, image in zip(labels, images))


def test_cifar10_reads_the_binary_records_channels_last(tmp_path):
    rng = np.random.default_rng(3)
    images = rng.integers(0, 256, size=(12, 32, 32, 3), dtype=np.uint8)
    labels = [[k % 10] for k in range(12)]
    members = {f"cifar-10-batches-bin/data_batch_{i}.bin":
               records(labels[2 * (i - 1):2 * i], images[2 * (i - 1):2 * i]) for i in range(1, 6)}
    members["cifar-10-batches-bin/test_batch.bin"] = records(labels[10:], images[10:])
    cifar_tarball(tmp_path / "cifar-10-binary.tar.gz", members)
    (x_train, y_train), (x_test, y_test) = cifar10.load_data(tmp_path)
    assert x_train.shape == (10, 32, 32, 3) and x_train.dtype == np.uint8
    assert y_train.shape == (10, 1) and y_train.dtype == np.uint8
    np.testing.assert_array_equal(x_train, images[:10])
    np.testing.assert_array_equal(x_test, images[10:])
    assert y_train[:, 0].tolist() == list(range(10)) and y_test[:, 0].tolist() == [0, 1]


def test_cifar100_gives_fine_or_coarse_labels(tmp_path):
    rng = np.random.default_rng(4)
    images = rng.integers(0, 256, size=(3, 32, 32, 3), dtype=np.uint8)
    labels = [[1, 40], [19, 99], [0, 7]]  # coarse, fine
    cifar_tarball(tmp_path / "cifar-100-binary.tar.gz",
                  {"cifar-100-binary/train.bin": records(labels[:2], images[:2]),
                   "cifar-100-binary/test.bin": records(labels[2:], images[2:])})
    (x_train, y_train), (x_test, y_test) = cifar100.load_data(path=tmp_path)
    assert y_train.tolist() == [[40], [99]] and y_test.tolist() == [[7]] and y_train.dtype == np.int64
    np.testing.assert_array_equal(x_test[0], images[2])
    (_, y_train), _ = cifar100.load_data("coarse", tmp_path)
    assert y_train.tolist() == [[1], [19]]


@pytest.mark.parametrize("members, message", [
    ({}, "has no member 'cifar-100-binary/train.bin'; is it the binary version of CIFAR?"),
    ({"cifar-100-binary/train.bin": b"x" * 100, "cifar-100-binary/test.bin": b""},
     "'cifar-100-binary/train.bin' must be a file of 1 to 50000 records of 3074 bytes, got 100"),
])
def test_a_cifar_tarball_of_another_shape_is_refused(tmp_path, members, message):
    cifar_tarball(tmp_path / "cifar-100-binary.tar.gz", members)
    with pytest.raises(DatasetFileError, match=message):
        cifar100.load_data(path=tmp_path)


def test_a_cifar_member_that_is_a_link_is_refused(tmp_path):
    with tarfile.open(tmp_path / "cifar-100-binary.tar.gz", "w:gz") as archive:
        info = tarfile.TarInfo("cifar-100-binary/train.bin")
        info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
        archive.addfile(info)
    with pytest.raises(DatasetFileError, match="that are no file"):
        cifar100.load_data(path=tmp_path)
