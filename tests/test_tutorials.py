"""The tutorial corpus: public Keras notebooks that run on lucidnet with only their imports changed.

Each script in tests/tutorials/ keeps its notebook's cells in order; where a cell had to
change (the data, the number of epochs) a comment in the script says why. Each test runs a
script and checks that it reaches the notebook's own result, or, on stand-in data, the
result the same script gets under Keras 3 on that stand-in (docs/keras.md lists both).
"""

import pathlib
import runpy

import pytest

import lucidnet.keras as keras

TUTORIALS = pathlib.Path(__file__).parent / "tutorials"
MNIST_T10K = pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "mnist-t10k"


def run_tutorial(name, tmp_path, monkeypatch, seed=0):
    """The script's globals after it ran from a scratch directory, with the seed set."""
    monkeypatch.chdir(tmp_path)  # whatever a notebook saves lands in a scratch directory
    keras.utils.set_random_seed(seed)
    return runpy.run_path(str(TUTORIALS / name), run_name="__main__")


@pytest.mark.skipif(not MNIST_T10K.is_dir(), reason="the MNIST t10k files are not beside the repository")
def test_mnist_mlp_reaches_keras_accuracy(tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_T10K", str(MNIST_T10K))
    result = run_tutorial("mnist_mlp.py", tmp_path, monkeypatch)
    # The original reports 98.40% after 20 epochs on 60,000 images; this stand-in has 8,000
    # and 3 epochs, where Keras 3 gets 0.941 and lucidnet 0.958. 0.93 leaves room for the
    # seed (Dropout, shuffling) while still failing a network that learned nothing useful.
    loss, accuracy = result["score"]
    assert accuracy >= 0.93


@pytest.mark.skipif(not MNIST_T10K.is_dir(), reason="the MNIST t10k files are not beside the repository")
def test_dlwp_first_look_reaches_keras_accuracy(tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_T10K", str(MNIST_T10K))
    result = run_tutorial("dlwp_first_look_mnist.py", tmp_path, monkeypatch)
    # The notebook prints test_acc 0.9777 on the full MNIST; on the 8,000-image stand-in
    # Keras 3 gets 0.9485 and lucidnet 0.956 in the same 5 epochs. 0.93 as above.
    assert result["test_acc"] >= 0.93


def test_pima_first_network_beats_the_majority_class(tmp_path, monkeypatch):
    result = run_tutorial("pima_first_network.py", tmp_path, monkeypatch)
    # The article reports 76.9% on the real table and says runs vary. On the stand-in, Keras 3
    # gets 39%, 59% and 72% with seeds 0, 1, 2 (the inputs are unscaled, as in the article,
    # and Adam sometimes stalls), lucidnet 70%, 72% and 76%. 0.65 sits above the 60.9% of
    # always answering "no diabetes", so the network must have learned something.
    assert result["accuracy"] >= 0.65


@pytest.mark.slow
def test_dlwp_overfitting_shows_what_the_book_shows(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")  # the notebook's plots are drawn, not shown
    result = run_tutorial("dlwp_overfitting_underfitting.py", tmp_path, monkeypatch)
    final = {name: result[name + "_hist"].history for name in
             ("original", "smaller_model", "bigger_model", "l2_model", "dpt_model")}
    # The book's claims, on the stand-in (docs/keras.md gives lucidnet's and Keras 3's
    # numbers; Keras 3 shows each of these too): the bigger model memorises its training
    # set, the smaller one fits it least, and the others still generalise: Keras 3 ends at
    # val_acc 0.889-0.919 for them, lucidnet at 0.879-0.889, and a bag-of-words logistic
    # regression gets 0.91. (Keras's smaller model stalls at 0.59 with three steps an epoch.)
    assert final["bigger_model"]["loss"][-1] < 0.01
    assert final["smaller_model"]["loss"][-1] > final["original"]["loss"][-1]
    for name in ("original", "bigger_model", "l2_model", "dpt_model"):
        assert final[name]["val_acc"][-1] >= 0.85
