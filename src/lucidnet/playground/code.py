""""Show code": the Python that builds, compiles and trains the page's network.

The text is generated from the same `Settings` that [lucidnet.playground.network.build][]
reads, statement for statement, so running it gives the same initial weights as the page.
It is only ever shown to the user: nothing evaluates it.
"""

from __future__ import annotations

from . import datasets, network


def data_lines(data, noise: float, train_ratio: float, seed: int) -> list[str]:
    """The statements that make `x_train, y_train, x_test, y_test` for `data`."""
    if data.source in datasets.GENERATED:
        return [
            f"data = playground.datasets.load({data.source!r}, noise={noise!r}, "
            f"train_ratio={train_ratio!r}, seed={seed!r})",
            "x_train, y_train, x_test, y_test = data.x_train, data.y_train, data.x_test, data.y_test",
        ]
    if data.source != "python":  # the digits, or a table the user named
        return [
            f"data = playground.datasets.load({data.source!r}, train_ratio={train_ratio!r}, "
            f"seed={seed!r})",
            "x_train, y_train, x_test, y_test = data.x_train, data.y_train, data.x_test, data.y_test",
        ]
    return [f"# x_train, y_train, x_test, y_test: your arrays, {data.num_features} features each"]


def python_code(settings: network.Settings, data, noise: float = 0.0, train_ratio: float = 0.5,
                data_seed: int = 0, epochs: int = 100) -> str:
    """The program for `settings` on `data`, as text.

    Examples
    --------
    >>> data = datasets.load("xor")
    >>> print(python_code(network.Settings(hidden=[3]), data).splitlines()[-1])
    model.fit(x_train, y_train, batch_size=10, epochs=100, validation_data=(x_test, y_test))
    """
    output_activation, loss, metrics = settings.output(data.task)
    optimizer = network.optimizer_class(settings.optimizer).__name__
    penalty = (f", kernel_regularizer=regularizers.L1L2(l1={settings.l1!r}, l2={settings.l2!r})"
               if settings.l1 or settings.l2 else "")
    layers = [f"    Input(({data.num_features},)),"]
    for units in settings.hidden:
        layers.append(f"    Dense({units}, activation={settings.activation!r}{penalty}),")
        if settings.dropout:
            layers.append(f"    Dropout({settings.dropout!r}),")
    layers.append(f"    Dense({network.output_units(data)}, activation={output_activation!r}),")
    lines = [
        "from lucidnet import Dense, Dropout, Input, Sequential, optimizers, playground, regularizers",
        "",
        *data_lines(data, noise, train_ratio, data_seed),
        "",
        "model = Sequential([",
        *layers,
        f"], seed={settings.seed!r})",
        f"model.compile(optimizer=optimizers.{optimizer}(learning_rate={settings.learning_rate!r}),",
        f"              loss={loss!r}, metrics={metrics!r})",
        f"model.fit(x_train, y_train, batch_size={settings.batch_size!r}, epochs={epochs!r}, "
        "validation_data=(x_test, y_test))",
    ]
    return "\n".join(lines)
