"""The playground end to end in a real browser: the page's elements, training live, changes
made while paused used by the next step, a new layer, the trace panel's δ against
`model.trace`, "Show code" giving the same initial weights, and the README's screenshot.

Every wait is for a condition (an element, a number reached), never a fixed time.
"""

import io
import os
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("aiohttp")

from lucidnet import playground  # noqa: E402
from lucidnet.playground import datasets, network  # noqa: E402

ELEMENTS = ["network", "decision-boundary", "loss-chart", "gradient-chart", "trace", "play",
            "pause", "step", "reset", "show-code", "learning-rate", "add-layer",
            "activation-select", "dataset-select", "epoch", "loss"]
SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "images" / "playground.png"


@pytest.fixture
def server():
    running = playground.start(epochs_per_second=60)
    yield running
    running.stop()


@pytest.fixture
def page(chromium, server):
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(60_000)  # a cap for a loaded machine; every wait ends on its condition
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(server.url)
    tab.wait_for_function("window.lucidnetState !== undefined")
    yield tab
    context.close()
    assert errors == []


def by(name):
    return f'[data-testid="{name}"]'


def state(page):
    return page.evaluate("window.lucidnetState")


def wait_for_state(page, condition):
    page.wait_for_function(f"(s => {condition})(window.lucidnetState)")


def train_and_watch(page, epochs):
    first_loss = float(page.get_attribute(by("loss"), "data-value"))
    page.click(by("play"))
    page.wait_for_function(f"Number(document.querySelector('{by('epoch')}').textContent) >= {epochs}")
    page.click(by("pause"))
    wait_for_state(page, "!s.playing")
    return first_loss, float(page.get_attribute(by("loss"), "data-value"))


def test_every_element_is_on_the_page(page):
    for name in ELEMENTS:
        assert page.locator(by(name)).is_visible(), name
    assert page.inner_text(by("epoch")) == "0"
    assert page.locator(f"{by('network')} canvas").count() == 2 + 4 + 4 + 1


def test_play_learns_xor(page):
    before, after = train_and_watch(page, 30)
    assert int(page.inner_text(by("epoch"))) >= 30
    assert after < 0.5 * before


def test_play_learns_circles(page, server):
    page.select_option(by("dataset-select"), "circle")
    wait_for_state(page, "s.source === 'circle' && s.epoch === 0")
    before, after = train_and_watch(page, 30)
    assert after < 0.5 * before and server.session.data.source == "circle"


def test_regression_shows_its_curve(page):
    page.select_option(by("dataset-select"), "regression")
    wait_for_state(page, "s.boundary.kind === 'curve'")
    assert page.locator(by("regression-curve")).is_visible()


def test_changes_made_while_paused_are_used_by_the_next_step(page, server):
    page.click(by("one-epoch"))
    wait_for_state(page, "s.epoch === 1")
    page.select_option(by("activation-select"), "sigmoid")
    page.select_option(by("learning-rate"), "0.3")
    wait_for_state(page, "s.settings.activation === 'sigmoid' && s.settings.learning_rate === 0.3")
    session = server.session
    weights, steps = session.model.get_weights(), session.step_count
    page.click(by("step"))
    wait_for_state(page, f"s.step === {steps + 1}")

    batch = session.last_batch
    twin = network.build(network.Settings(activation="sigmoid", learning_rate=0.3), session.data)
    twin.set_weights(weights)
    twin.train_on_batch(session.data.x_train[batch], session.data.y_train[batch])
    for ours, expected in zip(session.model.get_weights(), twin.get_weights(), strict=True):
        np.testing.assert_array_equal(ours, expected)
    old = network.build(network.Settings(), session.data)  # tanh at 0.03: another step
    old.set_weights(weights)
    old.train_on_batch(session.data.x_train[batch], session.data.y_train[batch])
    assert not np.allclose(old.get_weights()[0], session.model.get_weights()[0])


def test_add_layer_adds_a_column_of_neurons(page, server):
    page.click(by("add-layer"))
    wait_for_state(page, "s.settings.hidden.length === 3")
    page.wait_for_function(f"document.querySelectorAll('{by('network')} canvas').length === 15")
    assert [w.shape for w in server.session.model.get_weights()][::2] == [(2, 4), (4, 4), (4, 4), (4, 1)]


def test_the_trace_panel_shows_the_models_deltas(page, server):
    page.click(by("one-epoch"))
    wait_for_state(page, "s.epoch === 1")
    session = server.session
    index = 7
    point = session.data.x_train[index].astype(float)
    box = page.locator(by("decision-boundary")).bounding_box()
    extent = datasets.EXTENT
    page.check(by("trace-check"))
    page.mouse.click(float(box["x"] + (point[0] + extent) / (2 * extent) * box["width"]),
                     float(box["y"] + (1 - (point[1] + extent) / (2 * extent)) * box["height"]))
    page.wait_for_selector(f"{by('trace')}[data-index] td[data-key=delta]")
    split, shown = page.get_attribute(by("trace"), "data-split"), int(page.get_attribute(by("trace"), "data-index"))
    x = session.data.x_train if split == "train" else session.data.x_test
    y = session.data.y_train if split == "train" else session.data.y_test
    assert np.allclose(x[shown], point, atol=0.05)  # the point clicked, or one on top of it
    expected = session.model.trace(x[shown:shown + 1], y[shown:shown + 1])
    for layer in expected.layers:
        cells = page.locator(f"{by('trace')} td[data-key=delta][data-layer='{layer.index}']")
        values = [float(value) for value in cells.evaluate_all("cs => cs.map(c => c.dataset.value)")]
        np.testing.assert_allclose(values, layer.delta[0], rtol=0, atol=1e-6)
    assert "BP2" in page.inner_text(by("trace")) and "BP4" in page.inner_text(by("trace"))
    assert page.locator(f"{by('trace')} [data-check=grad_W]").count() == 3


def test_show_code_builds_the_same_initial_weights(page, server):
    page.click(by("show-code"))
    page.wait_for_selector(f"{by('code')}:has-text('Sequential')")
    text = page.inner_text(by("code"))
    namespace = {}
    exec(compile(text.replace("model.fit(", "initial = model.get_weights()\n0 and model.fit("),
                 "<shown code>", "exec"), namespace)
    for shown, served in zip(namespace["initial"], server.session.model.get_weights(), strict=True):
        np.testing.assert_array_equal(shown, served)


def test_screenshot_after_training_is_small(page):
    Image = pytest.importorskip("PIL.Image")
    train_and_watch(page, 40)
    page.click(by("trace-button"))
    page.wait_for_selector(f"{by('trace')} td[data-key=delta]")
    image = Image.open(io.BytesIO(page.screenshot())).quantize(colors=128)
    stored = io.BytesIO()
    image.save(stored, format="PNG", optimize=True)  # 128 colours keep the text sharp
    data = stored.getvalue()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) < 200_000
    if os.environ.get("LUCIDNET_WRITE_SCREENSHOT"):
        SCREENSHOT.write_bytes(data)
    assert SCREENSHOT.is_file() and SCREENSHOT.stat().st_size < 200_000


def test_digits_draw_circles_and_trace_by_number(page, server):
    page.select_option(by("dataset-select"), "digits")
    wait_for_state(page, "s.features === 64")
    assert page.locator(f"{by('network')} circle").count() == 64 + 4 + 4 + 10
    page.select_option(by("trace-split"), "test")
    page.fill(by("trace-index"), "5")
    page.click(by("trace-button"))
    page.wait_for_selector(f"{by('trace')}[data-index='5'] td[data-key=delta]")
    data = server.session.data
    expected = server.session.model.trace(data.x_test[5:6], data.y_test[5:6])
    cells = page.locator(f"{by('trace')} td[data-key=delta][data-layer='3']")
    values = [float(value) for value in cells.evaluate_all("cs => cs.map(c => c.dataset.value)")]
    np.testing.assert_allclose(values, expected.layers[-1].delta[0], rtol=0, atol=1e-6)


def test_a_bad_setting_shows_the_servers_error(page):
    page.fill(by("batch-size"), "0")
    page.press(by("batch-size"), "Enter")
    page.wait_for_selector(f"{by('error')}:has-text('batch_size must be an integer')")


def test_two_tabs_follow_one_run(page, chromium, server):
    other = page.context.new_page()
    other.goto(server.url)
    other.wait_for_function("window.lucidnetState !== undefined")
    page.click(by("play"))
    other.wait_for_function("window.lucidnetState.epoch >= 5")
    other.click(by("pause"))
    wait_for_state(page, "!s.playing")
    wait_for_state(other, "!s.playing")
    assert state(page)["epoch"] == state(other)["epoch"] == server.session.epoch_count
    other.close()


def test_save_downloads_the_model_when_no_file_was_named(page, server, tmp_path):
    from lucidnet import load_model

    with page.expect_download() as download:
        page.click(by("save"))
    path = tmp_path / "downloaded.lucid"
    download.value.save_as(path)
    np.testing.assert_array_equal(load_model(path).get_weights()[0],
                                  server.session.model.get_weights()[0])
