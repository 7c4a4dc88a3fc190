"""The playground's parts without a browser: the generated sets, the settings → model, "Show
code", the session's run, the message protocol with its bad messages, and the server with
two tabs at once."""

import asyncio
import concurrent.futures
import json

import numpy as np
import pytest

from lucidnet.playground import code, datasets, network, protocol
from lucidnet.playground.session import Session


@pytest.fixture
def session():
    run = Session(epochs_per_second=1000)
    yield run
    run.close()


# -- data --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", datasets.GENERATED)
def test_generated_sets_are_seeded_and_in_the_square(name):
    x, y = datasets.generate(name, n=120, noise=0.1, seed=3)
    again, same = datasets.generate(name, n=120, noise=0.1, seed=3)
    assert np.array_equal(x, again) and np.array_equal(y, same)
    assert np.abs(x).max() < datasets.EXTENT + 0.3
    assert x.shape == ((120, 1) if name == "regression" else (120, 2))
    if name != "regression":
        assert set(np.unique(y)) == {0.0, 1.0}


def test_xor_labels_are_the_sign_of_the_product():
    x, y = datasets.generate("xor", n=50, seed=0)
    assert np.array_equal(y, (x[:, 0] * x[:, 1] >= 0).astype(float))


def test_load_splits_by_the_train_ratio():
    data = datasets.load("circle", n=200, train_ratio=0.7)
    assert (len(data.x_train), len(data.x_test)) == (140, 60)
    assert data.task == "binary" and data.planar


def test_unknown_dataset_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="expected one of.*xor"):
        datasets.load("banana")


def test_digits_are_ten_classes_of_64_features():
    data = datasets.load("digits")
    assert data.num_features == 64 and data.num_classes == 10 and data.task == "multiclass"


def test_a_table_predicts_its_last_column(tmp_path):
    path = tmp_path / "table.csv"
    rows = ["a,b,label"] + [f"{i / 10},{-i / 10},{'yes' if i % 2 else 'no'}" for i in range(20)]
    path.write_text("\n".join(rows) + "\n")
    data = datasets.from_table(str(path))
    assert data.task == "binary" and data.num_features == 2 and len(data.x_train) == 10


def test_arrays_from_python_choose_the_task():
    x = np.random.default_rng(0).normal(size=(40, 3))
    assert datasets.from_arrays(x, np.arange(40) % 3).task == "multiclass"
    assert datasets.from_arrays(x, x[:, 0]).task == "regression"
    one_hot = np.eye(3)[np.arange(40) % 3]
    assert np.array_equal(np.sort(datasets.from_arrays(x, one_hot).y_train)[:2], [0, 0])
    with pytest.raises(ValueError, match="one target per example"):
        datasets.from_arrays(x, np.zeros(5))


# -- settings, model and code ----------------------------------------------------------
def test_settings_refuse_bad_values_naming_them():
    with pytest.raises(ValueError, match="learning_rate must be a number > 0"):
        network.Settings().updated({"learning_rate": -1})
    with pytest.raises(ValueError, match="activation must be one of"):
        network.Settings().updated({"activation": "nope"})
    with pytest.raises(ValueError, match="Unknown network setting 'colour'"):
        network.Settings().updated({"colour": 1})
    with pytest.raises(ValueError, match="hidden must be a list"):
        network.Settings().updated({"hidden": 3})


def test_build_follows_the_settings():
    settings = network.Settings(hidden=[3, 5], activation="relu", optimizer="sgd",
                                learning_rate=0.2, dropout=0.1, l2=0.01)
    model = network.build(settings, datasets.load("xor"))
    kinds = [type(layer).__name__ for layer in model.flat_layers]
    assert kinds == ["Dense", "Dropout", "Dense", "Dropout", "Dense"]
    assert [w.shape for w in model.get_weights()] == [(2, 3), (3,), (3, 5), (5,), (5, 1), (1,)]
    assert type(model.optimizer).__name__ == "SGD" and model.optimizer.learning_rate == 0.2
    assert model.flat_layers[0].activation.name == "relu"
    assert network.settings_of(model).hidden == [3, 5]


def test_shown_code_builds_the_same_initial_weights():
    data = datasets.load("moons", noise=0.1, train_ratio=0.6, seed=2)
    settings = network.Settings(hidden=[5, 3], activation="sigmoid", optimizer="rmsprop",
                                learning_rate=0.01, l1=0.001, dropout=0.2, seed=7)
    text = code.python_code(settings, data, noise=0.1, train_ratio=0.6, data_seed=2, epochs=1)
    namespace = {}
    exec(compile(text.replace("model.fit(", "0 and model.fit("), "<shown>", "exec"), namespace)
    expected = network.build(settings, data).get_weights()
    for shown, built in zip(namespace["model"].get_weights(), expected, strict=True):
        np.testing.assert_array_equal(shown, built)
    np.testing.assert_array_equal(namespace["x_train"], data.x_train)


# -- the session ---------------------------------------------------------------------------
def test_a_step_is_train_on_batch_of_the_next_batch(session):
    twin = network.build(session.settings, session.data)
    twin.set_weights(session.model.get_weights())
    session.step()
    batch = session.last_batch
    assert len(batch) == session.settings.batch_size
    twin.train_on_batch(session.data.x_train[batch], session.data.y_train[batch])
    for ours, theirs in zip(session.model.get_weights(), twin.get_weights()):
        np.testing.assert_array_equal(ours, theirs)


def test_an_epoch_walks_every_example_once(session):
    seen = []
    session.listeners.append(lambda state: seen.append(state["epoch"]))
    session.epoch()
    assert session.epoch_count == 1 and session.position == 0
    assert session.step_count == len(session.data.x_train) // session.settings.batch_size
    assert seen == [1] and [row["epoch"] for row in session.history] == [0, 1]


def test_a_new_activation_keeps_the_weights(session):
    session.epoch()
    before = session.model.get_weights()
    session.configure({"activation": "sigmoid", "learning_rate": 0.5})
    assert session.model.flat_layers[0].activation.name == "sigmoid"
    for kept, old in zip(session.model.get_weights(), before):
        np.testing.assert_array_equal(kept, old)
    assert session.epoch_count == 1


def test_a_new_layer_starts_a_new_run(session):
    session.epoch()
    session.configure({"hidden": [4, 4, 2]})
    assert [w.shape for w in session.model.get_weights()][4] == (4, 2)
    assert session.epoch_count == 0 and len(session.history) == 1


def test_reset_reseeds(session):
    first = session.model.get_weights()[0]
    session.reset()
    assert session.settings.seed == 1
    assert not np.array_equal(first, session.model.get_weights()[0])


def test_trace_panel_is_the_models_trace(session):
    session.epoch()
    record = session.trace("test", 4, check=True)
    expected = session.model.trace(session.data.x_test[4:5], session.data.y_test[4:5])
    for layer, reference in zip(record["layers"], expected.layers):
        delta = next(q for q in layer["quantities"] if q["key"] == "delta")
        np.testing.assert_allclose(delta["values"], reference.delta, atol=1e-7)
        assert delta["equation"].startswith(("BP1", "BP2"))
        grad = next(q for q in layer["quantities"] if q["key"] == "grad_W")
        assert grad["equation"].startswith("BP4") and grad["check"] < 1e-3


def test_play_trains_in_the_thread_until_paused(session):
    import threading

    reached = threading.Event()
    session.listeners.append(lambda state: state["epoch"] >= 3 and reached.set())
    session.play()
    assert reached.wait(30)
    session.pause()
    epoch = session.epoch_count
    assert session.snapshot()["epoch"] == epoch and not session.playing


def test_snapshot_has_every_view(session):
    state = session.snapshot()
    assert state["boundary"]["kind"] == "map" and len(state["boundary"]["values"]) == 50 * 50
    assert [len(layer) for layer in state["neurons"]] == [2, 4, 4, 1]
    assert len(state["neurons"][1][0]) == 20 * 20
    assert len(state["distributions"]) == 3 and len(state["weights"]) == 3
    assert len(state["points"]["train"]) == 100
    json.dumps(state, allow_nan=False)


def test_fixed_data_cannot_be_switched():
    x = np.random.default_rng(0).normal(size=(30, 2))
    run = Session(data=datasets.from_arrays(x, (x[:, 0] > 0).astype(int)))
    try:
        with pytest.raises(ValueError, match="cannot switch datasets"):
            run.set_data({"name": "xor"})
    finally:
        run.close()


def test_save_writes_only_the_named_file(tmp_path):
    from lucidnet import load_model

    unnamed = Session()
    try:
        with pytest.raises(ValueError, match="No model file was named"):
            unnamed.save()
        assert unnamed.model_file()[:1]  # the download works without a named file
    finally:
        unnamed.close()
    path = tmp_path / "mine.lucid"
    named = Session(save_path=str(path))
    try:
        assert named.save() == str(path)
        np.testing.assert_array_equal(load_model(path).get_weights()[0],
                                      named.model.get_weights()[0])
    finally:
        named.close()


# -- the protocol -------------------------------------------------------------------------
@pytest.mark.parametrize("text, message", [
    ("{", "not valid JSON"),
    ("[1, 2]", "must be a JSON object, got list"),
    ('{"type": "fly"}', "Unknown message type 'fly'"),
    ('{"kind": "step"}', "Unknown message type None"),
    ('{"type": "step", "speed": 2}', "has no field 'speed'"),
    ('{"type": "trace", "split": "train"}', "needs the field 'index'"),
    ('{"type": "trace", "split": "train", "index": -1}', "index must be an integer"),
    ('{"type": "trace", "split": "valid", "index": 0}', "split must be one of"),
    ('{"type": "trace", "split": "train", "index": true}', "index must be an integer"),
    ('{"type": "configure", "settings": [1]}', "must be an object"),
    ('{"type": "configure", "settings": {"learning_rate": "fast"}}', "learning_rate must be"),
    ('{"type": "configure", "settings": {"hidden": [4, 99]}}', "each hidden width"),
    ('{"type": "data", "options": {"name": "/etc/passwd"}}', "dataset must be one of"),
    ('{"type": "data", "options": {"path": "x.csv"}}', "Unknown data option 'path'"),
    ('{"type": "step", "id": [1]}', "id must be a number or a string"),
    ('{"type": "reset", "seed": "x"}', "seed must be an integer"),
    ('{"type": "save"}', "No model file was named"),
    (b"\x00", "JSON text, got binary"),
    ("x" * (protocol.MAX_MESSAGE + 1), "the limit is"),
])
def test_bad_messages_get_an_error_reply(session, text, message):
    reply = protocol.handle(session, text)
    assert reply["type"] == "error"
    assert message in reply["message"]


def test_replies_repeat_the_id(session):
    reply = protocol.handle(session, '{"type": "code", "id": "c1"}')
    assert reply["type"] == "code" and reply["id"] == "c1" and "Sequential([" in reply["code"]
    assert protocol.handle(session, '{"type": "fly", "id": 9}')["id"] == 9


def test_commands_act_on_the_session(session):
    assert protocol.handle(session, '{"type": "step"}') is None
    assert session.step_count == 1
    protocol.handle(session, '{"type": "configure", "settings": {"hidden": [2]}}')
    assert session.settings.hidden == [2]
    protocol.handle(session, '{"type": "data", "options": {"name": "spiral", "noise": 0.1}}')
    assert session.data.source == "spiral"
    welcome = protocol.handle(session, '{"type": "hello"}')
    assert welcome["state"]["source"] == "spiral" and "relu" in welcome["options"]["activations"]


def test_encode_turns_non_finite_numbers_into_null():
    assert protocol.encode({"loss": float("nan"), "v": [float("inf"), 1.5]}) == \
        '{"loss":null,"v":[null,1.5]}'


# -- the server -------------------------------------------------------------------------
aiohttp = pytest.importorskip("aiohttp")


def run_coroutine(coroutine):
    """`asyncio.run` on a thread of its own: Playwright's sync API may hold this thread's loop."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture
def running():
    from lucidnet import playground

    server = playground.start(epochs_per_second=1000)
    yield server
    server.stop()


async def _receive(socket, kind):
    while True:
        message = json.loads((await asyncio.wait_for(socket.receive(), 30)).data)
        if message["type"] == kind:
            return message


def test_two_tabs_see_the_same_run(running):
    async def tabs():
        async with aiohttp.ClientSession() as client:
            async with client.ws_connect(running.url + "ws") as one, \
                    client.ws_connect(running.url + "ws") as two:
                await one.send_str('{"type": "hello"}')
                await two.send_str('{"type": "hello"}')
                await _receive(one, "welcome")
                await _receive(two, "welcome")
                await one.send_str('{"type": "step"}')
                seen = [(await _receive(tab, "state"))["state"]["step"] for tab in (one, two)]
                await two.send_str('{"type": "configure", "settings": {"learning_rate": 0.1}}')
                rates = [(await _receive(tab, "state"))["state"]["settings"]["learning_rate"]
                         for tab in (one, two)]
                return seen, rates

    seen, rates = run_coroutine(tabs())
    assert seen == [1, 1] and rates == [0.1, 0.1]


def test_a_bad_message_leaves_the_server_serving(running):
    async def talk():
        async with aiohttp.ClientSession() as client:
            async with client.ws_connect(running.url + "ws") as socket:
                await socket.send_bytes(b"\xff\xfe")
                first = await _receive(socket, "error")
                await socket.send_str("{not json")
                second = await _receive(socket, "error")
                await socket.send_str('{"type": "code", "id": 1}')
                return first, second, await _receive(socket, "code")

    first, second, third = run_coroutine(talk())
    assert "binary" in first["message"] and "JSON" in second["message"] and third["id"] == 1


def test_the_server_serves_this_machine_only(running):
    async def ask():
        async with aiohttp.ClientSession() as client:
            page = await client.get(running.url)
            foreign = await client.get(running.url, headers={"Host": "example.com"})
            escape = await client.get(running.url + "static/../session.py")
            download = await client.get(running.url + "model.lucid")
            try:
                await client.ws_connect(running.url + "ws", origin="http://example.com")
                cross_site = "accepted"
            except aiohttp.WSServerHandshakeError as error:
                cross_site = error.status
            return (page.status, foreign.status, escape.status, download.status,
                    len(await download.read()), cross_site)

    page, foreign, escape, download, size, cross_site = run_coroutine(ask())
    assert (page, foreign, escape, download, cross_site) == (200, 403, 404, 200, 403)
    assert size > 100


def test_a_taken_port_is_an_os_error(running):
    from lucidnet import playground

    with pytest.raises(OSError):
        playground.start(port=running.port)


def test_an_uncompiled_model_is_compiled_as_the_page_shows_it():
    from lucidnet import Dense, Input, Sequential

    model = Sequential([Input((2,)), Dense(5, activation="relu"), Dense(1, activation="sigmoid")])
    run = Session(model=model)
    try:
        assert run.settings.hidden == [5] and run.settings.activation == "relu"
        run.step()
        assert run.model is model and type(model.optimizer).__name__ == "Adam"
    finally:
        run.close()


def test_a_model_for_other_data_is_refused():
    from lucidnet import Dense, Input, Sequential

    model = Sequential([Input((3,)), Dense(1, activation="sigmoid")])
    with pytest.raises(ValueError, match="takes 3 input features but the data"):
        Session(model=model)


def test_a_stale_state_never_overwrites_a_newer_one(running):
    """The training thread and a paused step may publish at once: the newest must win."""
    older, newer = running.session.snapshot(), running.session.snapshot()
    assert newer["version"] > older["version"]

    async def listen():
        async with aiohttp.ClientSession() as client:
            async with client.ws_connect(running.url + "ws") as socket:
                await socket.send_str('{"type": "hello"}')
                await _receive(socket, "welcome")
                newer["epoch"], older["epoch"] = 1001, 1000
                running.session.listeners[0](newer)
                running.session.listeners[0](older)
                await socket.send_str('{"type": "pause"}')  # a newer state still follows
                return [(await _receive(socket, "state"))["state"] for _ in range(2)]

    first, second = run_coroutine(listen())
    assert first["epoch"] == 1001 and second["version"] > first["version"]


def test_a_loss_that_cannot_take_the_targets_is_refused_before_training(session):
    with pytest.raises(ValueError, match="rows that sum to 1"):
        session.configure({"loss": "categorical_crossentropy"})
    assert session.settings.loss is None
    session.step()  # the old network still trains


def test_a_step_that_fails_in_the_thread_pauses_the_run(session, monkeypatch):
    import threading

    def fail(*args, **kwargs):
        raise ValueError("the step could not run")

    stopped = threading.Event()
    session.listeners.append(lambda state: state["problem"] and stopped.set())
    monkeypatch.setattr(session.model, "train_on_batch", fail)
    session.play()
    assert stopped.wait(30)
    assert not session.playing and "the step could not run" in session.snapshot()["problem"]
    monkeypatch.undo()
    session.step()  # and the thread is still there to play again
    session.play()
    session.pause()


def test_the_page_loads_nothing_from_elsewhere():
    import re
    from pathlib import Path

    import lucidnet.playground

    static = Path(lucidnet.playground.__file__).with_name("static")
    for path in static.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), path.name
        assert "eval(" not in text and "new Function" not in text, path.name
