"""The page's settings of a network, and the real lucidnet model they describe.

A `Settings` is what the page edits: hidden layer widths, one hidden activation, the loss,
the optimizer and its learning rate, the batch size, L1/L2 penalties on the kernels, a
dropout rate after each hidden layer, and the seed of the initial weights.  `build` turns
it into a compiled `Sequential` for a `Data`, in exactly the statements that
[lucidnet.playground.code.python_code][] writes out, so that the printed code gives the
same initial weights.  The output layer follows the task: one sigmoid unit for two classes,
a softmax over the classes for more, one linear unit for regression.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

from .. import activations, losses, optimizers
from ..layers import Dense, Dropout, Input
from ..models import Sequential
from ..regularizers import L1L2
from ..validation import choice, fraction, integer, non_negative_number, positive_number

#: Hidden layers and units the page lets one add (a diagram, not a production network).
MAX_LAYERS = 6
MAX_UNITS = 16

#: The loss and output activation of each task, unless the page picks another loss.
OUTPUTS = {
    "binary": ("sigmoid", "binary_crossentropy", ["accuracy"]),
    "multiclass": ("softmax", "sparse_categorical_crossentropy", ["accuracy"]),
    "regression": ("linear", "mean_squared_error", []),
}


@dataclass
class Settings:
    """One network and how it learns, as the page shows it (defaults: the XOR demo)."""

    hidden: list = field(default_factory=lambda: [4, 4])
    activation: str = "tanh"
    loss: str | None = None
    optimizer: str = "adam"
    learning_rate: float = 0.03
    batch_size: int = 10
    l1: float = 0.0
    l2: float = 0.0
    dropout: float = 0.0
    seed: int = 0

    def to_dict(self) -> dict:
        return asdict(self)

    def updated(self, changes: dict) -> Settings:
        """A checked copy with `changes` (names of fields → values from the page).

        Raises
        ------
        ValueError
            For an unknown field or a value out of its range, naming both.
        """
        unknown = sorted(set(changes) - set(asdict(self)))
        if unknown:
            raise ValueError(f"Unknown network setting {unknown[0]!r}; expected one of "
                             f"{sorted(asdict(self))}.")
        return replace(self, **{name: CHECKS[name](value) for name, value in changes.items()})

    def output(self, task: str) -> tuple[str, str, list]:
        """(output activation, loss, metrics) for `task`."""
        activation, loss, metrics = OUTPUTS[task]
        return activation, self.loss or loss, metrics


def _hidden(value) -> list:
    if not isinstance(value, list) or len(value) > MAX_LAYERS:
        raise ValueError(f"hidden must be a list of at most {MAX_LAYERS} layer widths, got {value!r}.")
    return [integer("each hidden width", units, at_least=1, at_most=MAX_UNITS) for units in value]


CHECKS = {
    "hidden": _hidden,
    "activation": lambda value: choice("activation", value, activations.names()),
    "loss": lambda value: None if value is None else choice("loss", value, losses.names()),
    "optimizer": lambda value: choice("optimizer", value, optimizers.names()),
    "learning_rate": lambda value: positive_number("learning_rate", value),
    "batch_size": lambda value: integer("batch_size", value, at_least=1, at_most=4096),
    "l1": lambda value: non_negative_number("l1", value),
    "l2": lambda value: non_negative_number("l2", value),
    "dropout": lambda value: fraction("dropout", value),
    "seed": lambda value: integer("seed", value, at_least=0, at_most=2**31 - 1),
}


def output_units(data) -> int:
    return data.num_classes if data.task == "multiclass" else 1


def optimizer_class(name: str) -> type:
    """The optimizer class registered as `name` (its Python name is what the code shows)."""
    return type(optimizers.get(name))


def build(settings: Settings, data) -> Sequential:
    """The compiled model `settings` describe, for inputs and targets like `data`'s."""
    output_activation, loss, metrics = settings.output(data.task)
    penalty = L1L2(l1=settings.l1, l2=settings.l2) if settings.l1 or settings.l2 else None
    layers = [Input((data.num_features,))]
    for units in settings.hidden:
        layers.append(Dense(units, activation=settings.activation, kernel_regularizer=penalty))
        if settings.dropout:
            layers.append(Dropout(settings.dropout))
    layers.append(Dense(output_units(data), activation=output_activation))
    model = Sequential(layers, seed=settings.seed)
    model.compile(optimizer=optimizer_class(settings.optimizer)(learning_rate=settings.learning_rate),
                  loss=loss, metrics=metrics)
    return model


def settings_of(model) -> Settings:
    """The `Settings` closest to a loaded model: its Dense layers' widths, the first hidden
    activation, its optimizer and learning rate, its loss (what the page can show of it)."""
    denses = [layer for layer in model.flat_layers if isinstance(layer, Dense)]
    dropouts = [layer.rate for layer in model.flat_layers if isinstance(layer, Dropout)]
    hidden = [layer.units for layer in denses[:-1]][:MAX_LAYERS]
    settings = Settings(hidden=[min(units, MAX_UNITS) for units in hidden])
    if len(denses) > 1:
        settings.activation = denses[0].activation.name
    if dropouts:
        settings.dropout = float(dropouts[0])
    optimizer = model.optimizer if model.compiled else None
    if optimizer is not None:
        settings.optimizer = type(optimizer).registry_name
        settings.learning_rate = float(optimizer.learning_rate)
    loss = model.loss if model.compiled else None
    if loss is not None and loss.name in losses.names():
        settings.loss = loss.name
    return settings


def carry_weights(old, new) -> bool:
    """Copy `old`'s weights into `new` when every shape agrees (a change of activation,
    learning rate or penalty keeps what was learned); True if they were copied."""
    before, after = old.get_weights(), new.get_weights()
    if len(before) != len(after) or any(a.shape != b.shape for a, b in zip(before, after)):
        return False
    new.set_weights(before)
    return True
