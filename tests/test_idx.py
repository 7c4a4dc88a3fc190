"""The IDX reader: exact round trips, and a clear error for every way a file can be broken."""

import gzip
from pathlib import Path

import numpy as np
import pytest

from lucidnet.datasets.idx import IDXError, TYPE_CODES, decode_idx, encode_idx, read_idx, write_idx

MNIST_T10K = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "mnist-t10k"
needs_mnist = pytest.mark.skipif(not MNIST_T10K.is_dir(), reason="the shared MNIST t10k files are absent")


@pytest.mark.parametrize("dtype", [np.dtype(t).newbyteorder("=") for t in TYPE_CODES.values()])
def test_every_idx_dtype_round_trips(dtype, tmp_path):
    array = np.arange(-3, 21).reshape(2, 3, 4) if dtype.kind != "u" else np.arange(24).reshape(2, 3, 4)
    array = array.astype(dtype)
    write_idx(tmp_path / "a.idx", array)
    again = read_idx(tmp_path / "a.idx")
    assert again.dtype == dtype and again.shape == (2, 3, 4)
    np.testing.assert_array_equal(again, array)


def test_header_is_big_endian_as_the_format_says():
    data = encode_idx(np.array([[1, 2, 3]], dtype=np.int16))
    assert data == bytes.fromhex("00000B02" "00000001" "00000003" "0001" "0002" "0003")


def test_gzipped_file_is_recognised_by_content_whatever_its_name(tmp_path):
    array = np.arange(10, dtype=np.uint8)
    (tmp_path / "labels-idx1-ubyte").write_bytes(gzip.compress(encode_idx(array)))
    np.testing.assert_array_equal(read_idx(tmp_path / "labels-idx1-ubyte"), array)


def test_read_array_is_writable_and_native_endian(tmp_path):
    write_idx(tmp_path / "a.idx.gz", np.ones((2, 2), dtype=np.float64))
    array = read_idx(tmp_path / "a.idx.gz")
    array[0, 0] = 5.0
    assert array.dtype.isnative


def test_unsupported_dtype_cannot_be_written():
    with pytest.raises(ValueError, match="IDX cannot store dtype uint16"):
        encode_idx(np.zeros(3, dtype=np.uint16))


@needs_mnist
def test_real_mnist_test_images_have_the_documented_header_and_shape():
    images = read_idx(MNIST_T10K / "t10k-images-idx3-ubyte.gz")
    labels = read_idx(MNIST_T10K / "t10k-labels-idx1-ubyte.gz")
    assert images.shape == (10000, 28, 28) and images.dtype == np.uint8
    assert labels[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]


def _labels_file() -> bytes:
    """A small, valid uint8 IDX file: 00 00 08 01, count 6, then six labels."""
    return encode_idx(np.array([3, 1, 4, 1, 5, 9], dtype=np.uint8))


def _with(data: bytes, offset: int, value: int) -> bytes:
    return data[:offset] + bytes([value]) + data[offset + 1:]


# Each corruption of a valid file and the words the error must contain.
CORRUPTIONS = [
    ("empty", lambda d: b"", "truncated: an IDX file starts with a 4-byte magic number"),
    ("flipped magic", lambda d: _with(d, 0, 0x08), "magic number is 0x08000801"),
    ("unknown type code", lambda d: _with(d, 2, 0x0A), "unknown IDX type code 0x0A"),
    ("zero dimensions", lambda d: _with(d, 3, 0), "declares 0 dimensions"),
    ("header cut short", lambda d: d[:6], "declares 1 dimension(s), which needs 8 header bytes"),
    ("truncated data", lambda d: d[:-2], "truncated: its header declares shape (6,) of uint8, which needs 14 bytes, but the file holds only 12"),
    ("trailing garbage", lambda d: d + b"junk", "4 unexpected trailing byte(s)"),
    ("wrong dimension count", lambda d: _with(d, 3, 2), "declares shape (6, 50398209) of uint8, which needs 302389266 bytes"),
    ("wrong dimension size", lambda d: _with(d, 7, 7), "shape (7,) of uint8, which needs 15 bytes, but the file holds only 14"),
]


@pytest.mark.parametrize("name, corrupt, message", CORRUPTIONS, ids=[c[0] for c in CORRUPTIONS])
def test_broken_file_is_an_error_naming_the_file_and_the_fault(name, corrupt, message, tmp_path):
    path = tmp_path / "labels-idx1-ubyte"
    path.write_bytes(corrupt(_labels_file()))
    with pytest.raises(IDXError) as error:
        read_idx(path)
    assert str(path) in str(error.value) and message in str(error.value)


def test_gz_name_on_plain_data_is_an_error_with_a_hint(tmp_path):
    path = tmp_path / "labels-idx1-ubyte.gz"
    path.write_bytes(_labels_file())
    with pytest.raises(IDXError, match=r"named \.gz but is not gzip data: it starts with 00 00 08 01.*drop the \.gz"):
        read_idx(path)


@pytest.mark.parametrize("cut", [10, 200, -4], ids=["in header", "in deflate stream", "in trailer"])
def test_truncated_gzip_is_an_error_not_a_short_array(cut, tmp_path):
    path = tmp_path / "images-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(encode_idx(np.arange(1000, dtype=np.int32)))[:cut])
    with pytest.raises(IDXError, match=r"corrupt or truncated gzip file"):
        read_idx(path)


def test_gzip_with_a_bad_checksum_is_an_error(tmp_path):
    data = bytearray(gzip.compress(_labels_file()))
    data[-8] ^= 0xFF  # the CRC-32 of the uncompressed bytes
    path = tmp_path / "labels-idx1-ubyte.gz"
    path.write_bytes(bytes(data))
    with pytest.raises(IDXError, match="corrupt or truncated gzip file .*CRC"):
        read_idx(path)


@needs_mnist
def test_truncated_copy_of_real_mnist_file_is_caught(tmp_path):
    plain = gzip.decompress((MNIST_T10K / "t10k-images-idx3-ubyte.gz").read_bytes())
    path = tmp_path / "t10k-images-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(plain[:-28 * 28], compresslevel=1))
    with pytest.raises(IDXError, match=r"shape \(10000, 28, 28\) of uint8, which needs 7840016 bytes, but the file holds only 7839232"):
        read_idx(path)


def test_decode_idx_names_its_source_in_errors():
    with pytest.raises(IDXError, match="^download of x is truncated"):
        decode_idx(b"\x00\x00", source="download of x")
