"""The tutorial corpus: public Keras notebooks that run on lucidnet with only their imports changed.

Each script in tests/tutorials/ keeps its notebook's cells in order; where a cell had to
change (the data, the number of epochs) a comment in the script says why. Each test runs a
script and checks that it reaches the notebook's own result, or, on stand-in data, the
result the same script gets under Keras 3 on that stand-in (docs/keras.md lists both).
"""

import pathlib
import re
import runpy

import numpy as np
import pytest

import lucidnet.keras as keras
from lucidnet.datasets import fashion_mnist

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


CELSIUS = [-40, -10, 0, 8, 15, 22, 38]
FAHRENHEIT = [-40, 14, 32, 46, 59, 72, 100]


def test_udacity_celsius_to_fahrenheit_learns_the_formula(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MPLBACKEND", "Agg")  # the notebook's plot is drawn, not shown
    result = run_tutorial("udacity_celsius_to_fahrenheit.py", tmp_path, monkeypatch)
    printed = capsys.readouterr().out
    # The least-squares line through the notebook's seven (rounded) pairs: what a linear
    # model converges to. It says 211.75 for 100 °C (the formula: 212).
    slope, intercept = np.polyfit(CELSIUS, FAHRENHEIT, 1)
    # The first model, Dense(1) after 500 epochs of Adam(0.1), is still on its way there:
    # Keras 3 prints [[211.30547]] and weights 1.8249, 28.81; lucidnet 211.31 and 1.8244,
    # 28.87. Its first print of predict([100.0]) within 1 °F of 211.3, its weights within
    # 0.01 and 0.5 of Keras's: an untrained unit would print a number near 0.
    first = float(re.search(r"^\[\[([-0-9.e]+)\]\]$", printed, re.M).group(1))
    assert abs(first - 211.3) < 1.0
    kernel, bias = (float(v) for v in re.search(
        r"layer variables: \[array\(\[\[([-0-9.e]+)\]\].*?array\(\[([-0-9.e]+)\]", printed, re.S).groups())
    assert abs(kernel - 1.8249) < 0.01 and abs(bias - 28.81) < 0.5
    # The second model, 1-4-4-1, has converged: both print 211.74744, the least-squares value.
    second = result["model"].predict(np.array([100.0]), verbose=0)
    assert abs(second[0, 0] - (slope * 100 + intercept)) < 0.05


def test_coursera_hello_world_predicts_a_little_under_19(tmp_path, monkeypatch):
    result = run_tutorial("coursera_hello_world.py", tmp_path, monkeypatch)
    # y = 2x − 1, so 19 for x = 10; the notebook explains why the network says a little under
    # 19 after 500 epochs of SGD. Keras 3 prints [[18.979656]], lucidnet [[18.980236]]; the
    # rest of the distance to 19 depends on the initial weight, hence 18.9 to 19.
    prediction = result["model"].predict(np.array([10.0]), verbose=0)[0, 0]
    assert 18.9 < prediction < 19.0


needs_fashion_mnist = pytest.mark.skipif(
    not all((pathlib.Path(fashion_mnist.SOURCE.system_folder) / f.name).is_file()
            for f in fashion_mnist.SOURCE.files),
    reason="the Debian package dataset-fashion-mnist is not installed")


@needs_fashion_mnist
def test_coursera_callback_stops_fashion_mnist_after_the_epoch_that_passes_60_percent(tmp_path, monkeypatch):
    result = run_tutorial("coursera_callbacks_fashion_mnist.py", tmp_path, monkeypatch)
    accuracy = result["model"].history.history["accuracy"]
    # The first epoch over the 60,000 real images already passes 60%, so the callback stops
    # training there, as in the course: Keras 3 ends it at accuracy 0.8323, lucidnet at
    # 0.8317. 0.8 is far above chance (0.1) and leaves room for the seed.
    assert len(accuracy) == 1
    assert accuracy[0] >= 0.8


# Red wine: the median quality of the training split, the best constant under MAE, misses the
# validation split by 0.123 (quality scaled to [0, 1]); a linear regression by 0.099.
WINE_MEDIAN_MAE, WINE_LINEAR_MAE = 0.123, 0.099


def test_kaggle_sgd_red_wine_beats_the_median(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    result = run_tutorial("kaggle_stochastic_gradient_descent.py", tmp_path, monkeypatch)
    # Ten epochs of 5 batches: Keras 3 ends at val_loss 0.1075, lucidnet 0.1074 (see
    # docs/keras.md). 0.115 is well below the median's 0.123, which a network that learned
    # only the centre of the scores reaches.
    assert result["history_df"]["val_loss"].iloc[-1] < 0.115


def test_kaggle_early_stopping_restores_the_best_red_wine_model(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    result = run_tutorial("kaggle_overfitting_and_underfitting.py", tmp_path, monkeypatch)
    history_df, model = result["history_df"], result["model"]
    # Early stopping ends the 500 epochs after some 30 (Keras 3 and lucidnet alike), and
    # restore_best_weights leaves the model at its best epoch. Minimum validation loss:
    # Keras 3 0.1055 (34 epochs), lucidnet 0.1052 (33); 0.115 as above.
    assert len(history_df) < 100
    assert history_df["val_loss"].min() < 0.115
    # The best epoch is the last that improved by more than min_delta=0.001, as in Keras:
    # the restored model scores that epoch's val_loss, within 0.001 of the minimum.
    restored = model.evaluate(result["X_valid"], result["y_valid"], verbose=0)
    assert np.abs(history_df["val_loss"] - restored).min() < 1e-5
    assert restored - history_df["val_loss"].min() <= 0.001


@pytest.mark.slow
def test_kaggle_batch_normalization_trains_on_unscaled_red_wine(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    result = run_tutorial("kaggle_dropout_and_batch_normalization.py", tmp_path, monkeypatch)
    # Quality unscaled here (3 to 8): the median misses the validation split by 0.615 points,
    # a linear regression by 0.497, a network that outputs zeros by 5.7; the first epoch ends
    # at val_loss 10. Batch normalization lets the 1024-1024-1024 network find the scores'
    # level from the raw columns, and no more in 100 epochs on the stand-in: Keras 3 reaches
    # 0.627 at best, lucidnet 0.631. Below 0.7 it has learned the scale of the target.
    assert result["history_df"]["val_loss"].min() < 0.7


def test_kaggle_binary_classification_separates_the_ionosphere_returns(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    result = run_tutorial("kaggle_binary_classification.py", tmp_path, monkeypatch, seed=1)
    history_df = result["history_df"]
    # 64% of the validation returns are "good": a network that learned nothing stays there.
    # A 4-4 ReLU network taking Adam's small steps sometimes starts with dead units and stays
    # there: with seed 0, Keras 3 ends at 0.657 and lucidnet at 0.638. Hence seed 1, with
    # which Keras 3 reaches a best val_binary_accuracy of 0.914 (seed 2: 0.886), lucidnet
    # 0.895 (seed 2: 0.895), after some 500 epochs; 0.85 leaves room for the platform.
    assert history_df["val_binary_accuracy"].max() >= 0.85


def test_mlm_training_history_records_the_curves_of_the_article(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    result = run_tutorial("mlm_training_history.py", tmp_path, monkeypatch)
    history = result["history"].history
    assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(history)
    assert len(history["val_accuracy"]) == 150
    # The last third of the Pima stand-in is 58% "no diabetes"; a logistic regression on
    # scaled inputs gets 73% of it. The article's unscaled inputs make runs vary (as
    # pima_first_network.py shows): lucidnet ends at 0.684, 0.680, 0.652 with seeds 0, 1, 2;
    # Keras 3 at 0.626 and 0.642 with seeds 1 and 2, and with seed 0 it stalls at 0.417,
    # answering "diabetes" for everyone. 0.62 is above the majority share.
    assert history["val_accuracy"][-1] >= 0.62


@pytest.mark.skipif(not MNIST_T10K.is_dir(), reason="the MNIST t10k files are not beside the repository")
def test_keras_io_training_guide_functional_mlp_reaches_keras_accuracy(tmp_path, monkeypatch):
    monkeypatch.setenv("MNIST_T10K", str(MNIST_T10K))
    result = run_tutorial("keras_io_training_and_evaluation.py", tmp_path, monkeypatch)
    # The guide's 784-64-64-10 functional model, 2 epochs of RMSprop: on the full MNIST it
    # prints a test accuracy of about 0.96; on the 6,000 training images of the stand-in
    # Keras 3 gets 0.902 (val 0.910). 0.88 leaves room for the seed and fails a network
    # that learned nothing (0.1).
    test_loss, test_acc = result["results"]
    assert test_acc >= 0.88
    assert result["predictions"].shape == (3, 10)
    assert set(result["history"].history) == {"loss", "sparse_categorical_accuracy", "val_loss",
                                               "val_sparse_categorical_accuracy"} | (
        {"learning_rate"} & set(result["history"].history))


def test_keras_io_fraud_detection_catches_most_frauds_with_few_false_alarms(tmp_path, monkeypatch):
    result = run_tutorial("keras_io_imbalanced_classification.py", tmp_path, monkeypatch)
    history = result["model"].history.history
    # The validation fifth of the stand-in holds 10 frauds among 5,696 transactions. The
    # example reports 66 of 75 frauds caught at the cost of 441 false alarms (0.8% of the
    # legitimate ones); on the stand-in Keras 3 catches 7 of 10 with 2 false alarms. At
    # least 5 caught and fewer than 1% of the legitimate ones flagged: a network that
    # learned nothing flags all of them or none.
    assert history["val_tp"][-1] + history["val_fn"][-1] == 10
    assert history["val_tp"][-1] >= 5
    assert history["val_fp"][-1] < 0.01 * (history["val_fp"][-1] + history["val_tn"][-1])
    assert (tmp_path / "fraud_model_at_epoch_30.keras").is_file()


@pytest.mark.slow
@needs_fashion_mnist
def test_tf_basic_classification_reaches_the_tutorials_accuracy(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    result = run_tutorial("tf_basic_classification.py", tmp_path, monkeypatch)
    # The tutorial prints a test accuracy of about 0.88 after 10 epochs on the real
    # Fashion-MNIST; Keras 3 here gets 0.8835. 0.86 leaves room for the seed; chance is 0.1.
    assert result["test_acc"] >= 0.86
    # The probability model is the trained one with a Softmax on top: rows sum to one.
    np.testing.assert_allclose(result["predictions"].sum(axis=1), 1.0, rtol=1e-5)
    assert result["predictions_single"].shape == (1, 10)
