import struct
import subprocess
import sys

import numpy as np
import pytest

pytest.importorskip("matplotlib")

from matplotlib.image import imread

from lucidnet import Dense, Input, Sequential, activations, plot
from lucidnet.callbacks import History
from lucidnet.datasets import digits
from lucidnet.plot.canvas import DPI

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(path) -> tuple[int, int]:
    """(width, height) from a PNG's header, after checking it is one."""
    with open(path, "rb") as file:
        head = file.read(24)
    assert head[:8] == PNG_SIGNATURE, f"{path} is not a PNG"
    assert head[12:16] == b"IHDR"
    return struct.unpack(">II", head[16:24])


def assert_png_of_figure(path, figure):
    """The file is a PNG of the figure's size at DPI, with something drawn in it."""
    width, height = figure.get_size_inches() * DPI
    assert png_size(path) == (round(width), round(height))
    assert png_size(path)[0] >= 300 and png_size(path)[1] >= 100
    pixels = imread(path)
    assert pixels.std() > 0.05, f"{path} is blank"


def visible_axes(figure):
    return [ax for ax in figure.axes if ax.get_visible() and ax.get_label() != "<colorbar>"]


@pytest.fixture(scope="module")
def digits_run():
    """A small MLP trained briefly on the digits: enough to make a few mistakes."""
    (x_train, y_train), (x_test, y_test) = digits.load_data()
    x_train = x_train.reshape(len(x_train), -1) / digits.MAX_PIXEL
    x_test = x_test.reshape(len(x_test), -1) / digits.MAX_PIXEL
    model = Sequential([Input((64,)), Dense(12, activation="relu"),
                        Dense(10, activation="softmax")], seed=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x_train, y_train, epochs=4, batch_size=64, validation_split=0.1, verbose=0)
    return model, history, x_test, y_test


def two_blobs(n=60):
    rng = np.random.default_rng(3)
    y = np.arange(n) % 2
    x = rng.normal(scale=0.5, size=(n, 2)) + np.where(y[:, None] == 1, 1.5, -1.5)
    return x, y


def sigmoid_of_first_feature(points):
    """A fixed 'classifier': P(class 1) = σ(4x₁), so its boundary is the line x₁ = 0."""
    return 1 / (1 + np.exp(-4 * points[:, :1]))


# -- every plot is a valid PNG of the expected size ---------------------------------------
def test_each_plot_saves_a_png_of_its_figure_size(digits_run, tmp_path):
    model, history, x_test, y_test = digits_run
    y_pred = model.predict(x_test, verbose=0)
    x, y = two_blobs()
    drawings = {
        "learning_curves": lambda path: plot.learning_curves(history, path=path),
        "confusion_matrix": lambda path: plot.confusion_matrix(y_test, y_pred, path=path),
        "misclassified": lambda path: plot.misclassified(x_test, y_test, y_pred, path=path),
        "first_layer_weights": lambda path: plot.first_layer_weights(model, path=path),
        "decision_boundary": lambda path: plot.decision_boundary(
            sigmoid_of_first_feature, x, y, path=path, resolution=50),
        "activation_functions": lambda path: plot.activation_functions(["relu", "tanh"], path=path),
    }
    for name, draw in drawings.items():
        path = tmp_path / f"{name}.png"
        figure = draw(path)
        assert_png_of_figure(path, figure)


def test_importing_the_plot_module_does_not_import_matplotlib():
    code = "import sys, lucidnet.plot; sys.exit('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_a_missing_matplotlib_is_an_import_error_with_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    with pytest.raises(ImportError, match=r'lucidnet.plot.confusion_matrix needs matplotlib.*pip install "lucidnet\[plot\]"'):
        plot.confusion_matrix([0, 1], [0, 1])


# -- learning_curves ----------------------------------------------------------------------
def test_learning_curves_pairs_each_metric_with_its_validation_twin(digits_run):
    _, history, _, _ = digits_run
    figure = plot.learning_curves(history)
    titles = [ax.get_title() for ax in visible_axes(figure)]
    # learning_rate stayed constant, so it gets no panel.
    assert titles == ["loss", "accuracy"]
    loss_panel = visible_axes(figure)[0]
    labels = [line.get_label() for line in loss_panel.get_lines()]
    assert labels[:2] == ["training", "validation"]
    np.testing.assert_allclose(loss_panel.get_lines()[1].get_ydata(), history.history["val_loss"])


def test_learning_curves_marks_the_best_epoch_counting_from_one():
    history = {"loss": [1.0, 0.6, 0.5, 0.4], "val_loss": [0.9, 0.5, 0.7, 0.8],
               "accuracy": [0.5, 0.7, 0.8, 0.9], "val_accuracy": [0.5, 0.6, 0.9, 0.7]}
    for best, epoch in (("auto", 2), ("val_loss", 2), ("val_accuracy", 3), ("loss", 4)):
        figure = plot.learning_curves(history, best=best)
        stars = [line for ax in figure.axes for line in ax.get_lines() if line.get_marker() == "*"]
        assert len(stars) == 1 and stars[0].get_xdata()[0] == epoch, best
        assert f"(epoch {epoch})" in stars[0].get_label()
        for ax in figure.axes:  # a dotted line at the best epoch in every panel
            assert [epoch, epoch] in [list(line.get_xdata()) for line in ax.get_lines()]


def test_learning_curves_without_best_marks_nothing():
    figure = plot.learning_curves({"loss": [1.0, 0.5]}, best=None)
    assert not [line for line in figure.axes[0].get_lines() if line.get_marker() == "*"]


def test_learning_curves_reads_history_epochs_and_shows_a_changing_learning_rate():
    history = History()
    history.on_train_begin()
    for epoch, rate in zip(range(5, 8), (0.1, 0.1, 0.05)):  # resumed at initial_epoch=5
        history.on_epoch_end(epoch, {"loss": 1.0 / (epoch + 1), "learning_rate": rate})
    figure = plot.learning_curves(history)
    assert [ax.get_title() for ax in visible_axes(figure)] == ["loss", "learning_rate"]
    assert figure.axes[0].get_lines()[0].get_xdata().tolist() == [6, 7, 8]


def test_learning_curves_leaves_out_a_series_with_missing_epochs():
    with pytest.warns(RuntimeWarning, match="leaves out 'val_loss': it has 2 values for 4 epochs"):
        figure = plot.learning_curves({"loss": [4, 3, 2, 1], "val_loss": [3, 1]})
    assert figure.axes[0].get_lines()[0].get_label() == "loss"


def test_learning_curves_rejects_an_unknown_best_key_and_empty_histories():
    with pytest.raises(ValueError, match="best epoch of 'val_acc': the history has loss"):
        plot.learning_curves({"loss": [1.0]}, best="val_acc")
    with pytest.raises(ValueError, match="empty history"):
        plot.learning_curves(History())
    with pytest.raises(TypeError, match="History .* or a dict of lists, got list"):
        plot.learning_curves([1.0, 0.5])


# -- confusion_matrix ---------------------------------------------------------------------
def test_confusion_matrix_writes_each_count_in_its_cell():
    figure = plot.confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 2, 0], labels=["a", "b", "c"])
    ax = figure.axes[0]
    cells = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts}
    assert cells[(0, 0)] == "1" and cells[(0, 1)] == "1" and cells[(2, 2)] == "2"
    assert len(cells) == 9
    assert [label.get_text() for label in ax.get_yticklabels()] == ["a", "b", "c"]
    assert ax.get_title() == "Confusion matrix: 4 of 6 correct (66.7%)"
    assert ax.get_ylabel() == "true class" and ax.get_xlabel() == "predicted class"


# -- misclassified ------------------------------------------------------------------------
def test_misclassified_shows_only_the_mistakes_with_both_labels():
    x = np.arange(4 * 16, dtype=float).reshape(4, 16)
    probabilities = np.array([[0.9, 0.1], [0.2, 0.8], [0.3, 0.7], [0.6, 0.4]])
    figure = plot.misclassified(x, [0, 0, 1, 1], probabilities, labels=["cat", "dog"])
    shown = visible_axes(figure)
    assert [ax.get_title() for ax in shown] == ["true cat\npredicted dog (80%)",
                                                 "true dog\npredicted cat (60%)"]
    # The second example, drawn as the 4×4 picture it is.
    np.testing.assert_array_equal(shown[0].get_images()[0].get_array(), x[1].reshape(4, 4))
    assert figure.get_suptitle() == "2 of 4 misclassified"


def test_misclassified_needs_a_name_for_every_class():
    with pytest.raises(ValueError, match="labels names 2 classes but the data has class 2"):
        plot.misclassified(np.ones((2, 4)), [0, 2], [1, 0], labels=["cat", "dog"])


def test_misclassified_caps_the_number_of_pictures():
    x = np.zeros((30, 9))
    x[:, 0] = 1
    figure = plot.misclassified(x, np.zeros(30, dtype=int), np.ones(30, dtype=int), max_images=7)
    assert len(visible_axes(figure)) == 7
    assert figure.get_suptitle() == "30 of 30 misclassified (the first 7 shown)"


def test_misclassified_says_so_when_nothing_is_wrong():
    figure = plot.misclassified(np.ones((3, 4)), [0, 1, 1], [0, 1, 1])
    assert figure.texts[0].get_text() == "All 3 examples are classified correctly."


def test_misclassified_needs_a_shape_for_non_square_inputs():
    with pytest.raises(ValueError, match=r"Cannot show 10 features as a square image; pass image_shape"):
        plot.misclassified(np.ones((2, 10)), [0, 1], [1, 0])
    with pytest.raises(ValueError, match=r"image_shape \(3, 3\) holds 9 pixels but each example has 10"):
        plot.misclassified(np.ones((2, 10)), [0, 1], [1, 0], image_shape=(3, 3))
    with pytest.raises(ValueError, match=r"image_shape must be a tuple of positive integers, got \(2.5, 4\)"):
        plot.misclassified(np.ones((2, 10)), [0, 1], [1, 0], image_shape=(2.5, 4))


# -- first_layer_weights ------------------------------------------------------------------
def test_first_layer_weights_draws_each_units_column_as_an_image(digits_run):
    model, _, _, _ = digits_run
    W = model.layers[0].kernel
    figure = plot.first_layer_weights(model)
    units = visible_axes(figure)
    assert len(units) == W.shape[1] == 12
    np.testing.assert_allclose(units[5].get_images()[0].get_array(), W[:, 5].reshape(8, 8))
    # One colour scale for all, symmetric about zero.
    limits = {image.get_clim() for ax in units for image in ax.get_images()}
    assert len(limits) == 1 and limits.pop() == pytest.approx((-np.abs(W).max(), np.abs(W).max()))


def test_first_layer_weights_takes_a_layer_or_an_array_and_caps_the_units():
    W = np.random.default_rng(0).normal(size=(6, 40))
    figure = plot.first_layer_weights(W, image_shape=(2, 3), max_units=9)
    assert len(visible_axes(figure)) == 9
    assert visible_axes(figure)[0].get_images()[0].get_array().shape == (2, 3)
    assert "6 inputs → 40 units (the first 9 shown)" in figure.get_suptitle()
    layer = Sequential([Input((4,)), Dense(3)]).layers[0]
    assert len(visible_axes(plot.first_layer_weights(layer))) == 3


def test_first_layer_weights_of_an_unbuilt_model_says_to_build_it():
    with pytest.raises(ValueError, match="has no weights yet; build the model"):
        plot.first_layer_weights(Sequential([Dense(3)]))


# -- decision_boundary --------------------------------------------------------------------
def test_decision_boundary_of_a_sigmoid_output_shades_the_probability():
    x, y = two_blobs()
    figure = plot.decision_boundary(sigmoid_of_first_feature, x, y, resolution=40)
    ax = figure.axes[0]
    assert ax.get_title() == "Decision boundary (100.0% of these points correct)"
    assert figure.axes[1].get_ylabel() == "P(class 1)"  # the colorbar
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["0", "1"]


def test_decision_boundary_of_a_softmax_model_colours_the_predicted_classes():
    x, y = two_blobs()
    y = np.where(x[:, 1] > 2, 2, y)  # a third class
    model = Sequential([Input((2,)), Dense(3, activation="softmax")], seed=1)
    figure = plot.decision_boundary(model, x, y, resolution=30, labels=["a", "b", "c"])
    regions = figure.axes[0].get_images()[0].get_array()
    assert regions.shape == (30, 30)
    x1, x2 = figure.axes[0].get_xlim(), figure.axes[0].get_ylim()
    corner = model.predict(np.array([[x1[0], x2[0]]]), verbose=0).argmax()
    assert regions[0, 0] == corner  # row 0 is the bottom edge (origin="lower")


def test_decision_boundary_needs_two_features():
    with pytest.raises(ValueError, match=r"2 input features; x has shape \(5, 3\)"):
        plot.decision_boundary(sigmoid_of_first_feature, np.ones((5, 3)), np.ones(5, dtype=int))


# -- activation_functions -----------------------------------------------------------------
def test_activation_functions_draws_every_activation_once():
    figure = plot.activation_functions()
    titles = [ax.get_title() for ax in visible_axes(figure)]
    canonical = {cls.registry_name for _, cls in activations.ACTIVATIONS.items()}
    assert len(titles) == len(canonical)
    assert titles[0] == "step" and "softmax([z, 0])₁" in titles


def test_activation_panels_plot_the_registered_forward_and_derivative():
    figure = plot.activation_functions(["sigmoid", "softmax"])
    sigmoid_lines, softmax_lines = (ax.get_lines()[-2:] for ax in visible_axes(figure))
    z = sigmoid_lines[0].get_xdata()
    a = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(sigmoid_lines[0].get_ydata(), a, atol=1e-12)
    np.testing.assert_allclose(sigmoid_lines[1].get_ydata(), a * (1 - a), atol=1e-12)
    # Softmax over [z, 0] is the sigmoid, and its Jacobian's diagonal is σ(1 − σ).
    np.testing.assert_allclose(softmax_lines[0].get_ydata(), a, atol=1e-12)
    np.testing.assert_allclose(softmax_lines[1].get_ydata(), a * (1 - a), atol=1e-12)


def test_activation_functions_rejects_unknown_names():
    with pytest.raises(ValueError, match="Unknown activation 'rectifier'"):
        plot.activation_functions(["relu", "rectifier"])


# -- save_training_plots ------------------------------------------------------------------
def test_save_training_plots_writes_the_image_plots_for_digits(digits_run, tmp_path):
    model, history, x_test, y_test = digits_run
    paths = plot.save_training_plots(model, history, x_test, y_test, tmp_path / "plots")
    assert [path.name for path in paths] == ["learning_curves.png", "confusion_matrix.png",
                                             "misclassified.png", "first_layer_weights.png"]
    for path in paths:
        assert png_size(path)[0] >= 300


def test_save_training_plots_draws_the_boundary_of_a_2d_classifier(tmp_path):
    x, y = two_blobs()
    model = Sequential([Input((2,)), Dense(1, activation="sigmoid")], seed=0)
    model.compile(optimizer="adam", loss="binary_crossentropy")
    history = model.fit(x, y, epochs=2, verbose=0)
    paths = plot.save_training_plots(model, history, x, y, tmp_path)
    assert [path.name for path in paths] == ["learning_curves.png", "confusion_matrix.png",
                                             "decision_boundary.png"]


def test_save_training_plots_of_a_regression_draws_the_curves_and_predicted_against_true(tmp_path):
    x = np.linspace(0, 1, 20)[:, None]
    model = Sequential([Input((1,)), Dense(1)], seed=0)
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(x, 2 * x, epochs=2, verbose=0)
    paths = plot.save_training_plots(model, history, x, 2 * x, tmp_path, y_train=2 * x)
    assert [p.name for p in paths] == ["learning_curves.png", "predicted_vs_true.png"]


def test_predicted_vs_true_draws_each_example_the_diagonal_and_the_mean_baseline(tmp_path):
    y_true = np.array([0.0, 1.0, 2.0, 3.0])
    y_pred = np.array([0.5, 1.0, 2.0, 2.0])
    figure = plot.predicted_vs_true(y_true, y_pred, baseline=1.5, path=tmp_path / "p.png")
    assert_png_of_figure(tmp_path / "p.png", figure)
    (ax,) = figure.axes
    (points,) = ax.collections
    np.testing.assert_array_equal(points.get_offsets(), np.column_stack([y_true, y_pred]))
    # MSE = (0.25 + 0 + 0 + 1) / 4; the constant 1.5 scores (2.25 + 0.25 + 0.25 + 2.25) / 4.
    assert ax.get_title() == "Predicted against true: MSE 0.3125 on 4 examples"
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["ŷ = y", "constant 1.5: MSE 1.25"]


def test_predicted_vs_true_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match=r"y_true has shape \(3, 1\), y_pred \(2, 1\)"):
        plot.predicted_vs_true([1, 2, 3], [1, 2])


def test_learning_curves_with_best_none_marks_no_epoch():
    figure = plot.learning_curves({"loss": [3.0, 1.0, 2.0], "val_loss": [3.0, 2.0, 2.5]}, best=None)
    (ax,) = visible_axes(figure)
    assert not [line for line in ax.lines if line.get_marker() == "*"]
    assert len(ax.lines) == 2  # the two curves, no vertical line at a best epoch


def test_misclassified_titles_of_long_class_names_do_not_overlap():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
             "Bag", "Ankle boot"]
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 10, 30)
    probabilities = rng.dirichlet(np.ones(10), 30)
    figure = plot.misclassified(rng.random((30, 784)), y_true, probabilities, labels=names)
    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.draw(renderer)
    boxes = [ax.title.get_window_extent(renderer) for ax in visible_axes(figure)]
    page = figure.bbox
    for n, box in enumerate(boxes):
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and box.y1 <= page.y1  # not clipped
        for other in boxes[n + 1:]:
            assert not box.overlaps(other)


# -- network ------------------------------------------------------------------------------------

def network_model():
    model = Sequential([Input((3,)), Dense(4, activation="relu"), Dense(2, activation="softmax")],
                       seed=0)
    W1 = np.array([[0.5, -1.0, 2.0, -0.25], [1.5, -0.75, 0.1, 3.0], [-2.0, 0.2, -0.4, 1.0]])
    model.set_weights([W1, np.zeros(4), np.arange(1.0, 9.0).reshape(4, 2) * [1, -1], np.zeros(2)])
    return model, W1


def neuron_circles(figure, column):
    from matplotlib.patches import Circle

    return [patch for patch in figure.axes[0].patches
            if isinstance(patch, Circle) and patch.get_gid() == column]


def weight_lines(figure, layer):
    (lines,) = [c for c in figure.axes[0].collections if c.get_gid() == layer]
    return lines


def test_network_draws_one_circle_per_unit_in_each_column(tmp_path):
    model, _ = network_model()
    figure = plot.network(model, path=tmp_path / "network.png")
    assert_png_of_figure(tmp_path / "network.png", figure)
    assert [len(neuron_circles(figure, name)) for name in ("input", "dense_1", "dense_2")] == [3, 4, 2]


def test_network_line_widths_follow_the_size_of_each_weight():
    model, W1 = network_model()
    lines = weight_lines(plot.network(model), "dense_1")
    widths = np.asarray(lines.get_linewidths())
    assert len(widths) == W1.size
    np.testing.assert_allclose(widths, 3.0 * np.abs(W1).ravel() / np.abs(W1).max())
    # The widest line is the largest |w| (3.0, from input 1 to unit 3), the thinnest the smallest.
    segments = lines.get_segments()
    assert segments[np.argmax(widths)].tolist() == [[0.0, 0.0], [3.0, -1.5]]
    assert np.argmin(widths) == np.argmin(np.abs(W1).ravel())


def test_network_colours_positive_weights_red_and_negative_blue():
    from matplotlib.colors import to_rgba

    model, W1 = network_model()
    colours = weight_lines(plot.network(model), "dense_1").get_colors()
    red, blue = to_rgba("tab:red", 0.7), to_rgba("tab:blue", 0.7)
    expected = [red if w > 0 else blue for w in W1.ravel()]
    np.testing.assert_allclose(colours, expected)


def test_network_of_a_wide_layer_draws_its_first_units_and_says_how_many():
    model = Sequential([Input((64,)), Dense(5), Dense(3)], seed=0)
    figure = plot.network(model, max_units=8)
    assert len(neuron_circles(figure, "input")) == 8
    assert len(weight_lines(figure, "dense_1").get_segments()) == 8 * 5
    assert any("64 features\n(first 8 shown)" in text.get_text() for text in figure.axes[0].texts)


def test_network_skips_layers_without_weights_and_refuses_what_has_none():
    from lucidnet import Dropout

    model = Sequential([Input((3,)), Dense(4), Dropout(0.5), Dense(2)], seed=0)
    figure = plot.network(model)
    assert len(neuron_circles(figure, "dense_2")) == 2
    with pytest.raises(TypeError, match="network expects a model or a Dense layer, got list"):
        plot.network([1, 2])


# -- gradient descent ---------------------------------------------------------------------------

def steps_of(figure):
    return [line for ax in figure.axes for line in ax.lines if line.get_gid() == "steps"]


def test_gradient_descent_draws_sgd_s_real_steps_for_each_learning_rate(tmp_path):
    figure = plot.gradient_descent(lambda w: (w[0] - 2) ** 2, start=4.0, steps=5,
                                   gradient=lambda w: 2 * (w - 2), learning_rate=[0.1, 0.9],
                                   path=tmp_path / "descent.png")
    assert_png_of_figure(tmp_path / "descent.png", figure)
    small, large = steps_of(figure)
    # w ← w − η·2(w − 2), the guide's numbers for η = 0.1 and η = 0.9.
    np.testing.assert_allclose(small.get_xdata(), [4.0, 3.6, 3.28, 3.024, 2.8192, 2.65536])
    np.testing.assert_allclose(large.get_xdata(), [4.0, 0.4, 3.28, 0.976, 2.8192, 1.34464])
    np.testing.assert_allclose(small.get_ydata(), (small.get_xdata() - 2) ** 2)
    assert [ax.get_title() for ax in figure.axes] == ["SGD, η = 0.1: 5 steps", "SGD, η = 0.9: 5 steps"]


def test_gradient_descent_of_two_parameters_follows_the_optimizer_with_its_state():
    import lucidnet as ln

    def loss(w):
        return w[0] ** 2 + 10 * w[1] ** 2

    figure = plot.gradient_descent(loss, start=[-4.0, 1.5], optimizer="adam", learning_rate=0.3,
                                   steps=6)
    (drawn,) = steps_of(figure)
    theta, optimizer, expected = np.array([-4.0, 1.5]), ln.optimizers.Adam(learning_rate=0.3), []
    expected.append(theta.copy())
    for _ in range(6):
        optimizer.apply([theta], [np.array([2 * theta[0], 20 * theta[1]])])
        expected.append(theta.copy())
    expected = np.array(expected)
    # The loss's gradient by central differences is exact for a quadratic, to rounding.
    np.testing.assert_allclose(drawn.get_xdata(), expected[:, 0], atol=1e-6)
    np.testing.assert_allclose(drawn.get_ydata(), expected[:, 1], atol=1e-6)
    assert figure.axes[0].collections  # the contour lines


def test_gradient_descent_stops_a_diverging_run_at_its_last_finite_step():
    figure = plot.gradient_descent(lambda w: np.exp(w[0] ** 2), start=3.0, learning_rate=1.0,
                                   steps=10)
    (drawn,) = steps_of(figure)
    assert 1 <= len(drawn.get_xdata()) < 11 and np.all(np.isfinite(drawn.get_xdata()))


@pytest.mark.parametrize("kwargs, message", [
    ({"start": [1.0, 2.0, 3.0]}, r"one or two parameters; start has 3 values: \[1.0, 2.0, 3.0\]"),
    ({"start": 1.0, "learning_rate": []}, "needs at least one learning_rate"),
    ({"start": 1.0, "bounds": (2, 1)}, r"bounds must be \(low, high\) with low < high"),
    ({"start": 1.0, "steps": 0}, "gradient_descent steps must be a positive integer, got 0"),
])
def test_gradient_descent_refuses_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        plot.gradient_descent(lambda w: float(np.sum(w ** 2)), **kwargs)


# -- chain rule ---------------------------------------------------------------------------------

def chain_model():
    import lucidnet as ln

    model = Sequential([Input((2,)), Dense(3, activation="tanh"), Dense(1, activation="sigmoid")],
                       dtype="float64", seed=3)
    model.compile(optimizer=ln.optimizers.SGD(learning_rate=0.5), loss="binary_crossentropy")
    return model


def test_chain_rule_boxes_hold_the_trace_s_numbers_forward_then_backward(tmp_path):
    model = chain_model()
    x, y = np.array([[0.0, 1.0]]), np.array([1])
    figure = plot.chain_rule(model, x[0], y, path=tmp_path / "chain.png")
    assert_png_of_figure(tmp_path / "chain.png", figure)
    boxes = [text.get_text() for text in figure.axes[0].texts if text.get_bbox_patch() is not None]
    trace = model.trace(x, y)
    a2 = float(trace[1].a[0, 0])
    assert [box.split("\n")[0] for box in boxes] == [
        "a⁰ = x", "z¹ = a⁰W¹ + b¹", "a¹ = tanh(z¹)", "z² = a¹W² + b²", "a² = sigmoid(z²)",
        "C = binary_crossentropy",
        "δ¹ = ∂C/∂z¹", "∂C/∂a¹", "δ² = ∂C/∂z²", "∂C/∂a²"]
    assert boxes[4].endswith(f"[{a2:.3g}]")
    assert boxes[5].endswith(f"[{-np.log(a2):.3g}]")               # C = −log a² for y = 1
    assert boxes[8].split("\n")[1] == f"[{a2 - 1:.3g}]"            # BP1: δ² = a² − y
    assert boxes[9].endswith(f"[{-1 / a2:.3g}]")                   # ∇ₐC = −y/a²
    delta1 = ", ".join(f"{value:.3g}" for value in trace[0].delta[0])
    assert boxes[6].split("\n")[1] == f"[{delta1}]"                # BP2, from the trace
    labels = {text.get_text() for text in figure.axes[0].texts}
    assert {"⊙ σ'(z¹)", "· (W²)ᵀ", "⊙ σ'(z²)", "∇ₐC"} <= labels


def test_chain_rule_takes_one_example_of_dense_layers_only():
    with pytest.raises(ValueError, match=r"chain_rule draws one example; x has 2 \(shape \(2, 2\)\)"):
        plot.chain_rule(chain_model(), np.zeros((2, 2)), [0, 1])
    from lucidnet import Dropout

    model = Sequential([Input((2,)), Dense(3), Dropout(0.5), Dense(1, activation="sigmoid")], seed=0)
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    with pytest.raises(ValueError, match="Dense layers only; dropout_1 is not one"):
        plot.chain_rule(model, [0.0, 1.0], [1])
