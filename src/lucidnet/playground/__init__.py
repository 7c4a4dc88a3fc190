"""`lucidnet playground`: watch a real network learn in the browser, down to every δ.

`serve(model, x, y)` starts a local web server whose page trains the real lucidnet model in
a thread of its own and draws it live: the network with each neuron's activation over the
input plane, the decision boundary, the loss curves, the spread of activations and gradient
norms per layer, and the trace of one example through BP1–BP4 (from
[lucidnet.inspection.trace][]).  `show(model, x, y)` embeds the page in a notebook.

The server needs the `playground` extra: `pip install "lucidnet[playground]"`.  The data
generators (`datasets`), the network settings (`network`) and "Show code" (`code`) work
without it.
"""

from __future__ import annotations

import webbrowser

from . import code, datasets, network

INSTALL_HINT = 'The playground needs aiohttp: pip install "lucidnet[playground]"'

__all__ = ["serve", "show", "start", "stop_all", "code", "datasets", "network", "INSTALL_HINT"]

#: The servers `show` started, which live until the kernel stops or `stop_all` is called.
_shown: list = []


def _server_module():
    try:
        from . import server
    except ImportError as error:
        raise ImportError(f"{INSTALL_HINT} ({error}).") from None
    return server


def start(model=None, x=None, y=None, *, dataset: str = "xor", data=None, host: str = "127.0.0.1",
          port: int = 0, save_path: str | None = None, train_ratio: float = 0.8,
          epochs_per_second: float = 40.0):
    """Start a playground server in the background and return it (see `serve`).

    Returns
    -------
    Playground
        With `url`, `session` (the run) and `stop()`.
    """
    server = _server_module()
    from .session import Session

    if data is None and x is not None:
        if y is None:
            raise ValueError("serve() got x without y: pass the targets too.")
        data = datasets.from_arrays(x, y, train_ratio=train_ratio)
    session = Session(data=data, model=model, dataset=dataset, save_path=save_path,
                      epochs_per_second=epochs_per_second)
    try:
        return server.Playground(session, host=host, port=port).start()
    except BaseException:
        session.close()
        raise


def serve(model=None, x=None, y=None, *, dataset: str = "xor", host: str = "127.0.0.1",
          port: int = 0, open_browser: bool = True, block: bool = True,
          save_path: str | None = None, train_ratio: float = 0.8):
    """Serve the playground for `model` on `(x, y)`, and open it in the browser.

    Parameters
    ----------
    model : Model or None
        The network to start from (None: the page's default network, which it can edit).
    x, y : array_like or None
        Features (N, F) and targets (class ids or numbers); None: the generated `dataset`.
    dataset : str
        One of `datasets.GENERATED` or `"digits"`, when no `x` is given.
    host : str
        `127.0.0.1` serves this machine only; another address must be asked for.
    port : int
        0 takes a free port.
    open_browser : bool
        Open the page in the default browser.
    block : bool
        Serve until interrupted (Ctrl-C), then stop; False returns the running server.
    save_path : str or None
        The file the page's "Save" writes; None: "Save" downloads the model instead.
    train_ratio : float
        The share of `(x, y)` trained on; the rest is the test part.

    Returns
    -------
    Playground or None
        The running server when `block` is False.
    """
    playground = start(model, x, y, dataset=dataset, host=host, port=port,
                       save_path=save_path, train_ratio=train_ratio)
    print(f"lucidnet playground: {playground.url}", flush=True)
    if open_browser:
        webbrowser.open(playground.url)
    if not block:
        return playground
    try:
        playground.wait()
    except KeyboardInterrupt:
        pass
    finally:
        playground.stop()
    return None


def show(model=None, x=None, y=None, *, dataset: str = "xor", height: int = 900, **options):
    """Serve the playground in the background and embed its page in a Jupyter notebook.

    Returns
    -------
    IPython.display.IFrame
        The embedded page (the server keeps running until the kernel stops).
    """
    from IPython.display import IFrame

    playground = start(model, x, y, dataset=dataset, **options)
    _shown.append(playground)
    return IFrame(playground.url, width="100%", height=height)


def stop_all() -> None:
    """Stop every server `show` started."""
    while _shown:
        _shown.pop().stop()
