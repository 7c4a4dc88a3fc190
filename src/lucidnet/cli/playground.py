"""`lucidnet playground`: serve the playground page for a dataset and, if named, a model file.

The web server is the `playground` extra; without it the command says how to install it.
Only this machine is served unless `--host` names another address.  The page may read
only the files named here (`--data`, `--model`) and write only `--save`.
"""

from __future__ import annotations

import os

DEFAULT_PORT = 8765


HELP = "watch a network learn in the browser, down to every δ"
DESCRIPTION = (
    "Start a local web server whose page trains a real lucidnet network live: the network, its "
    "decision boundary, loss and gradient curves, and one example traced through BP1-BP4. Needs "
    'the playground extra: pip install "lucidnet[playground]".'
)


def add_options(parser) -> None:
    """The `playground` command's options, on its subcommand parser."""
    parser.add_argument("--data", default=None, metavar="NAME_OR_PATH",
                        help="xor (default), gauss, circle, moons, spiral, regression, digits, "
                        "or a PATH.csv / PATH.npz table")
    parser.add_argument("--target", help="the column to predict, for a table (default: the last)")
    parser.add_argument("--model", metavar="FILE.lucid", help="start from a saved model")
    parser.add_argument("--save", metavar="FILE.lucid",
                        help="the file the page's Save writes (default: the --model file, if any)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port (default {DEFAULT_PORT}, or a free one if it is taken; 0: a free one)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--no-browser", dest="browser", action="store_false",
                        help="do not open the page in a browser")


def run(args) -> int:
    from .. import playground

    try:
        from ..playground import server  # noqa: F401 - the extra's check, before any work
    except ImportError:
        raise ImportError(playground.INSTALL_HINT) from None
    from ..saving import load_model

    model = load_model(args.model) if args.model else None
    data, dataset = None, "xor"
    if args.data is not None and os.path.isfile(args.data):
        data = playground.datasets.from_table(args.data, target=args.target)
    elif args.data is not None:
        dataset = args.data
        if dataset not in (*playground.datasets.GENERATED, "digits"):
            raise ValueError(f"--data {dataset!r} is neither a dataset name "
                             f"({', '.join([*playground.datasets.GENERATED, 'digits'])}) nor a file.")
    save_path = args.save or args.model
    try:
        running = playground.start(model, data=data, dataset=dataset, host=args.host,
                                   port=args.port, save_path=save_path)
    except OSError:
        if args.port != DEFAULT_PORT:
            raise
        running = playground.start(model, data=data, dataset=dataset, host=args.host, port=0,
                                   save_path=save_path)
    print(f"lucidnet playground: {running.url}  (Ctrl-C stops it)", flush=True)
    if args.browser:
        import webbrowser

        webbrowser.open(running.url)
    try:
        running.wait()
    except KeyboardInterrupt:
        pass
    finally:
        running.stop()
    return 0
