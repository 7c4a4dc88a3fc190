"""`lucidnet playground` from the command line, and `show` in a notebook."""

import asyncio
import concurrent.futures
import json
import signal
import subprocess
import sys
import urllib.request

import numpy as np
import pytest

from lucidnet.cli import main

aiohttp = pytest.importorskip("aiohttp")


def run_coroutine(coroutine):
    """`asyncio.run` on a thread of its own: Playwright's sync API may hold this thread's loop."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def start_command(*options):
    process = subprocess.Popen([sys.executable, "-m", "lucidnet", "playground", "--no-browser",
                                "--port", "0", *options],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()  # the first line names the page, once it is served
    if not line.startswith("lucidnet playground: http://127.0.0.1:"):
        process.kill()
        raise AssertionError(f"no address printed: {line!r} {process.stderr.read()}")
    return process, line.split()[2]


def stop_command(process):
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 0


def welcome(url):
    async def hello():
        async with aiohttp.ClientSession() as client:
            async with client.ws_connect(url + "ws") as socket:
                await socket.send_str('{"type": "hello"}')
                return json.loads((await asyncio.wait_for(socket.receive(), 30)).data)

    return run_coroutine(hello())


def test_the_command_serves_the_page_on_this_machine(tmp_path):
    process, url = start_command("--data", "circle")
    try:
        with urllib.request.urlopen(url) as response:
            page = response.read().decode()
        assert 'data-testid="network"' in page
        state = welcome(url)["state"]
        assert state["source"] == "circle" and state["settings"]["hidden"] == [4, 4]
    finally:
        stop_command(process)


def test_the_command_opens_a_saved_model_and_saves_to_it(tmp_path):
    from lucidnet import Dense, Input, Sequential, load_model

    path = tmp_path / "small.lucid"
    model = Sequential([Input((2,)), Dense(3, activation="relu"), Dense(1, activation="sigmoid")],
                       seed=4)
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    model.save(path)
    process, url = start_command("--model", str(path))
    try:
        reply = welcome(url)
        assert reply["state"]["settings"]["hidden"] == [3]
        assert reply["state"]["settings"]["activation"] == "relu"
        np.testing.assert_allclose(reply["state"]["weights"][0]["W"],
                                   np.round(model.get_weights()[0], 4))
        assert reply["options"]["can_save"]
    finally:
        stop_command(process)
    assert load_model(path).get_weights()[0].shape == (2, 3)


def test_a_table_from_the_command_line(tmp_path):
    path = tmp_path / "points.csv"
    rows = ["u,v,kind"] + [f"{np.sin(i):.3f},{np.cos(i):.3f},{'a' if i % 3 else 'b'}"
                           for i in range(30)]
    path.write_text("\n".join(rows) + "\n")
    process, url = start_command("--data", str(path))
    try:
        reply = welcome(url)
        assert reply["state"]["source"] == str(path) and reply["options"]["datasets"] == []
    finally:
        stop_command(process)


def test_an_unknown_dataset_is_one_line_on_stderr(capsys):
    assert main(["playground", "--no-browser", "--data", "banana"]) == 1
    error = capsys.readouterr().err
    assert "--data 'banana' is neither a dataset name" in error and error.count("\n") == 1


def test_without_the_extra_the_command_says_how_to_install_it(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "aiohttp", None)
    monkeypatch.delitem(sys.modules, "lucidnet.playground.server", raising=False)
    monkeypatch.delattr("lucidnet.playground.server", raising=False)
    assert main(["playground", "--no-browser"]) == 1
    assert 'pip install "lucidnet[playground]"' in capsys.readouterr().err


def test_show_embeds_the_page_in_a_notebook():
    pytest.importorskip("IPython")
    from lucidnet import playground

    x = np.random.default_rng(0).normal(size=(40, 2))
    frame = playground.show(None, x, (x[:, 0] > x[:, 1]).astype(int), port=0)
    try:
        assert frame.src.startswith("http://127.0.0.1:") and frame.height == 900
        with urllib.request.urlopen(frame.src) as response:
            assert response.status == 200
    finally:
        playground.stop_all()


def test_serve_without_blocking_prints_and_returns_the_server(capsys):
    from lucidnet import Dense, Input, Sequential, playground

    x = np.linspace(-1, 1, 30)[:, None]
    model = Sequential([Input((1,)), Dense(3, activation="tanh"), Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    running = playground.serve(model, x, np.sin(3 * x[:, 0]), open_browser=False, block=False)
    try:
        assert capsys.readouterr().out == f"lucidnet playground: {running.url}\n"
        assert running.session.data.task == "regression" and running.session.model is model
    finally:
        running.stop()
