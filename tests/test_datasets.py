import numpy as np

from lucidnet.datasets import digits


def test_digits_split_is_fixed_stratified_and_complete():
    (x_train, y_train), (x_test, y_test) = digits.load_data()
    assert x_train.shape == (1437, 8, 8) and x_test.shape == (360, 8, 8)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    assert x_train.max() == digits.MAX_PIXEL and x_train.min() == 0
    assert set(np.unique(y_test)) == set(range(10))
    # every class has (nearly) the same share of test examples as of all examples
    all_counts = np.bincount(np.concatenate([y_train, y_test]))
    assert np.all(np.abs(np.bincount(y_test) - all_counts * 0.2) <= 1)
    (x_again, _), _ = digits.load_data()
    np.testing.assert_array_equal(x_train, x_again)


def test_digits_are_the_1797_uci_images():
    images, labels = digits.load_all()
    assert images.shape == (1797, 8, 8)
    assert np.bincount(labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    # The first image is a zero: its centre column is empty, its sides are inked.
    assert labels[0] == 0 and images[0, 3:5, 3:5].sum() == 0 and images[0, 3:5, 1].min() > 0
