"""The data `fit`, `evaluate` and `predict` read, behind one interface of batches.

`adapt` turns what the user passed into one of two adapters:

- `ArrayData`: arrays cut into batches by rows.  Arrays in memory are converted and
  checked whole, once (the fast path).  A `numpy.memmap`, or an array whose conversion to
  the model's dtype would copy more than `PER_BATCH_BYTES`, is wrapped in
  `PerBatch` instead, which reads, converts and checks the rows of each batch as the
  loop asks for them, so data larger than memory trains without being copied whole.
- `StreamData`: batches that arrive ready-made, from a Python generator or iterator
  yielding `(x, y)`, `(x, y, sample_weight)` or (for `predict`) `x` / `(x,)`, or
  from a [lucidnet.utils.PyDataset][].  Each batch is checked as it arrives, against
  the model and against the first batch (the same shapes past the batch axis and the same
  kind of values).  A generator is read once: it continues where the last epoch stopped.

Both adapters answer the same questions:

| Member | What it gives |
| --- | --- |
| `num_batches` | batches in one pass (`None`: unknown, a generator) |
| `train_batches(strategy, shuffle, steps, e)` | `(x, y, sample_weight, rows, count)` per step |
| `ran_out` | after a pass: why it ended before `steps`, or `None` |
| `on_epoch_end()` | the end of a training epoch (`PyDataset.on_epoch_end`) |
| `test_batches(strategy, steps)` | `(x, y, sample_weight)` of this process's share |
| `predict_batches(steps)` | `x` of each batch |
| `arrays()` | the arrays themselves, for the distributed checks |

The model is read through the public names `inputs` uses, and `rng`, the generator
that shuffles a PyDataset's batches.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from ..utils.py_dataset import PyDataset
from ..validation import as_array, as_float_array, check_finite, check_magnitude
from . import inputs

#: An in-memory array whose conversion to the model's dtype would allocate more than this
#: is converted a batch at a time instead of whole.
PER_BATCH_BYTES = 512 * 2**20


def is_stream(value) -> bool:
    """True for a generator, an iterator or a PyDataset: data that arrives as batches."""
    return isinstance(value, PyDataset) or hasattr(value, "__next__")


def adapt(model, x, y=None, sample_weight=None, batch_size: int = 32, *, name: str = "x",
          targets: bool = True, class_weight=None, distributed: bool = False):
    """`x` (with `y` and `sample_weight` for arrays) as an adapter; see the module."""
    if is_stream(x):
        for argument, value in (("y", y), ("sample_weight", sample_weight)):
            if value is not None:
                raise ValueError(
                    f"{argument} must not be given when {name} is a {_kind(x)}: yield (x, y) "
                    f"or (x, y, sample_weight) from it instead, got {argument} of type "
                    f"{type(value).__name__}."
                )
        if distributed:
            raise ValueError(
                f"distributed=True trains on arrays only, got {name} a {_kind(x)}: every "
                f"rank must read the same examples in the same order, which a generator "
                f"cannot promise. Pass arrays; a numpy.memmap serves data larger than memory."
            )
        return StreamData(model, x, name, targets=targets, class_weight=class_weight)
    if not targets:
        # As Keras, predict builds an unbuilt model from the shape of x.
        x = PerBatch(model, x, name, build=True) if _per_batch(x, model.dtype) else \
            inputs.prepare_inputs(model, x, name, build=True)
        return ArrayData(x, batch_size=batch_size)
    x, y, sample_weight = prepare_arrays(model, x, y, sample_weight)
    sample_weight = inputs.class_weighted(model, class_weight, y, sample_weight)
    return ArrayData(x, y, sample_weight, batch_size)


def prepare_arrays(model, x, y, sample_weight, prefix: str = ""):
    """`inputs.prepare_data`, with `x` wrapped in `PerBatch` when it is too
    large to convert whole."""
    if y is None or not _per_batch(x, model.dtype):
        return inputs.prepare_data(model, x, y, sample_weight, prefix)
    x = PerBatch(model, x, f"{prefix}x", build=True)
    return (x, *inputs.prepare_targets(model, x, y, sample_weight, prefix))


def split_validation(x, y, sample_weight, validation_split: float):
    """`inputs.split_validation`, keeping a `PerBatch` `x` unconverted."""
    if not isinstance(x, PerBatch):
        return inputs.split_validation(x, y, sample_weight, validation_split)
    # Split y in x's place (they have as many rows), then cut x's source at the same row.
    (_, y, weights), (_, y_val, weights_val) = inputs.split_validation(
        y, y, sample_weight, validation_split)
    return ((x.rows(slice(0, len(y))), y, weights),
            (x.rows(slice(len(y), len(x))), y_val, weights_val))


def _per_batch(x, dtype) -> bool:
    if isinstance(x, np.memmap):
        return True
    return (isinstance(x, np.ndarray) and x.dtype != dtype
            and x.size * np.dtype(dtype).itemsize > PER_BATCH_BYTES)


def _kind(value) -> str:
    return "PyDataset" if isinstance(value, PyDataset) else "generator"


class PerBatch:
    """An array (a memmap, or one too large to copy) read and converted one batch at a time.

    Indexing it with rows returns those rows as a new float array of the model's dtype,
    checked for NaN and ±inf; the source is never converted whole.
    """

    def __init__(self, model, source, name: str, build: bool):
        as_float_array(name, source[:0], model.dtype)  # the type checks, on no rows
        self.source, self.name, self.dtype = source, name, np.dtype(model.dtype)
        inputs.check_inputs(model, self, name, build)

    shape = property(lambda self: self.source.shape)
    ndim = property(lambda self: self.source.ndim)

    def __len__(self) -> int:
        return len(self.source)

    def __getitem__(self, rows) -> np.ndarray:
        source = np.asarray(self.source[rows])
        where = f"rows {rows.start}..{rows.stop - 1}" if isinstance(rows, slice) else "a batch"
        check_magnitude(f"{self.name} ({where})", source, self.dtype)
        batch = np.array(source, dtype=self.dtype)
        check_finite(f"{self.name} ({where})", batch)
        return batch

    def rows(self, rows: slice) -> PerBatch:
        """The same, over a contiguous range of the source's rows (nothing is read)."""
        part = object.__new__(PerBatch)
        part.source, part.name, part.dtype = self.source[rows], self.name, self.dtype
        return part


class ArrayData:
    """Arrays (x, y, sample_weight), prepared, cut into batches of `batch_size` rows.

    Training reads passes over the data (each in a fresh shuffled order) `steps` batches
    an epoch, as Keras's iterator does: with `steps_per_epoch` below the batches of a
    pass, an epoch continues the pass where the last one stopped (5 of 10 batches: two
    epochs make a pass), and an epoch that reaches the end of the pass ends there, short
    (9 of 10: epochs of 9, 1, 9, 1 batches; 11 of 10: epochs of 10), with `ran_short`
    saying so.  The next epoch then starts a new pass.
    """

    ran_out = None  # arrays never run dry: a short epoch does not stop training

    def __init__(self, x, y=None, sample_weight=None, batch_size: int = 32):
        self.x, self.y, self.sample_weight, self.batch_size = x, y, sample_weight, batch_size
        self.num_batches = math.ceil(len(x) / batch_size)
        self.ran_short = None
        self._order, self._position = None, self.num_batches  # no pass begun yet

    def arrays(self) -> list:
        return [getattr(self.x, "source", self.x), self.y, self.sample_weight]

    def train_batches(self, strategy, shuffle: bool, steps: int, epoch: int):
        self.ran_short = None
        if self._position >= self.num_batches:  # the last pass is over: a new one
            self._order, self._position = strategy.epoch_order(len(self.x), shuffle), 0
        for step in range(steps):
            if self._position >= self.num_batches:
                self.ran_short = (
                    f"steps_per_epoch={steps}: the pass over the {self.num_batches} batches of "
                    f"the data ended after {step} batches of epoch {epoch + 1}, so that epoch "
                    f"was short, as in Keras; the next one starts a new pass.")
                return
            batch, self._position = self._position, self._position + 1
            start, stop = batch * self.batch_size, min((batch + 1) * self.batch_size, len(self.x))
            rows = slice(start, stop) if self._order is None else self._order[start:stop]
            yield self.x, self.y, self.sample_weight, rows, stop - start

    def on_epoch_end(self) -> None:
        pass

    def _head(self, steps):
        arrays = [self.x, self.y, self.sample_weight]
        if steps is None:
            return arrays
        rows = slice(0, steps * self.batch_size)
        return [a.rows(rows) if isinstance(a, PerBatch) else None if a is None else a[rows]
                for a in arrays]

    def test_batches(self, strategy, steps: int | None = None):
        x, y, sample_weight = strategy.share_of(*self._head(steps))
        for start in range(0, len(x), self.batch_size):
            rows = slice(start, start + self.batch_size)
            yield x[rows], y[rows], None if sample_weight is None else sample_weight[rows]

    def predict_batches(self, steps: int | None = None):
        x = self._head(steps)[0]
        for start in range(0, len(x), self.batch_size):
            yield x[start : start + self.batch_size]

    def single_batch(self):
        """The inputs as the one batch `predict_batches` would give, when they are one batch
        of an array already converted (not read per batch), else None."""
        if self.num_batches == 1 and not isinstance(self.x, PerBatch):
            return self.x
        return None

    def steps(self, steps: int | None) -> int:
        """Batches in a pass of at most `steps` batches."""
        return self.num_batches if steps is None else min(steps, self.num_batches)


class StreamData:
    """Ready-made batches from a generator, an iterator or a PyDataset; see the module."""

    ran_short = None  # a stream that ends early has run out (ran_out) instead

    def __init__(self, model, source, name: str, targets: bool = True, class_weight=None):
        self.model, self.name, self.targets, self.class_weight = model, name, targets, class_weight
        self.kind = _kind(source)
        self.dataset = source if isinstance(source, PyDataset) else None
        self.iterator = None if self.dataset is not None else iter(source)
        self.first = None  # what every batch must match: shapes past the batch axis, kinds
        self.ran_out = None
        if self.dataset is not None:
            self.num_batches = len(self.dataset)
            if self.num_batches == 0:
                raise ValueError(f"{name} is a PyDataset of length 0: it needs at least one batch.")
            self._peeked = None
            self._prepare(self.dataset[0], "batch 0 of the PyDataset")  # builds the model
        else:
            self.num_batches = None
            # The first batch is read now, to build the model before the first callback runs.
            raw = next(self.iterator, None)
            if raw is None:
                raise ValueError(f"{name} is a generator that gives no batches.")
            self._peeked = self._prepare(raw, "its first batch")

    def arrays(self) -> list:
        return [None, None, None]

    def steps(self, steps: int | None) -> int | None:
        return steps if self.num_batches is None or steps is None else min(steps, self.num_batches)

    # -- passes ----------------------------------------------------------------------------
    def _pass(self, shuffle: bool, steps: int | None, when: str):
        """Prepared batches, at most `steps` of them; sets `ran_out` if it runs dry first."""
        self.ran_out = None
        if self.dataset is not None:
            self.dataset.on_epoch_begin()
            count = self.num_batches
            order = self.model.rng.permutation(count) if shuffle else range(count)
            for step, index in enumerate(itertools.islice(order, steps)):
                yield self._prepare(self.dataset[int(index)],
                                    f"step {step + 1} of {when} (batch {index} of the PyDataset)")
            return
        for step in itertools.count() if steps is None else range(steps):
            if self._peeked is not None:
                batch, self._peeked = self._peeked, None
                yield batch
                continue
            try:
                raw = next(self.iterator)
            except StopIteration:
                if steps is not None or step == 0:
                    self.ran_out = (
                        f"Your input ran out of data; interrupting training. {self.name} gave "
                        f"{step} of the {steps if steps is not None else 'expected'} batches "
                        f"of {when}. Make sure that your generator can generate at least "
                        f"`steps_per_epoch * epochs` batches (an endless generator needs "
                        f"steps_per_epoch), or use a PyDataset, which is read afresh each epoch."
                    )
                return
            yield self._prepare(raw, f"step {step + 1} of {when}")

    def train_batches(self, strategy, shuffle: bool, steps: int | None, epoch: int):
        for x, y, sample_weight in self._pass(shuffle, steps, f"epoch {epoch + 1}"):
            yield x, y, sample_weight, slice(None), len(x)

    def on_epoch_end(self) -> None:
        if self.dataset is not None:
            self.dataset.on_epoch_end()

    def test_batches(self, strategy, steps: int | None = None):
        yield from self._inference_pass(steps, "this evaluation")

    def predict_batches(self, steps: int | None = None):
        yield from self._inference_pass(steps, "this prediction")

    def single_batch(self) -> None:
        """None: a stream's batches are only known by reading them."""

    def _inference_pass(self, steps, when):
        given = 0
        for batch in self._pass(False, steps, when):
            given += 1
            yield batch
        if self.dataset is not None:
            self.dataset.on_epoch_end()
        if given == 0:
            raise ValueError(
                f"{self.name} ran out of data: it gave no batches for {when}. A generator is "
                f"read once; give one that repeats, with "
                f"{'validation_steps' if self.name.startswith('validation') else 'steps'}=, "
                f"or a PyDataset."
            )

    # -- one batch -------------------------------------------------------------------------
    def _prepare(self, raw, where: str):
        """One batch as the loops use it, checked against the model and the first batch."""
        parts = self._parts(raw, where)
        x = as_array(f"{self.name} ({where}) x", parts[0])
        if not self.targets:
            self._check_like_first(where, x)
            return inputs.prepare_inputs(self.model, x, f"{self.name} ({where}) x", build=True)
        if len(parts) < 2:
            raise ValueError(
                f"{self.name} must give (x, y) or (x, y, sample_weight) batches for training "
                f"and evaluation, got a batch of 1 array at {where}."
            )
        y = as_array(f"{self.name} ({where}) y", parts[1])
        self._check_like_first(where, x, y)
        x, y, sample_weight = inputs.prepare_data(self.model, x, y, parts[2] if len(parts) == 3
                                                  else None, prefix=f"{self.name} ({where}) ")
        sample_weight = inputs.class_weighted(self.model, self.class_weight, y, sample_weight)
        return x, y, sample_weight

    def _parts(self, raw, where: str) -> tuple:
        if isinstance(raw, np.ndarray):
            raw = (raw,)
        if not isinstance(raw, (tuple, list)) or len(raw) not in (1, 2, 3):
            raise ValueError(
                f"{self.name} must give batches (x, y), (x, y, sample_weight) or (x,), got "
                f"{type(raw).__name__}{' of length ' + str(len(raw)) if isinstance(raw, (tuple, list)) else ''} "
                f"at {where}."
            )
        return tuple(raw)

    def _check_like_first(self, where: str, *arrays) -> None:
        found = [(a.shape[1:], _value_kind(a)) for a in arrays]
        if self.first is None:
            self.first = (found, [a.shape for a in arrays])
            return
        expected, first_shapes = self.first
        if found != expected:
            names = ("x", "y")
            now = " and ".join(f"{n} of shape {a.shape} ({_value_kind(a)})"
                               for n, a in zip(names, arrays))
            then = " and ".join(f"{n} of shape {shape} ({kind})"
                                for n, shape, (_, kind) in zip(names, first_shapes, expected))
            raise ValueError(
                f"{self.name} gave a batch at {where} with {now}, but its first batch had "
                f"{then}: every batch must have the same shape past the batch axis and the "
                f"same kind of values."
            )


def _value_kind(array) -> str:
    return {"b": "booleans", "i": "integers", "u": "integers", "f": "floats"}.get(
        array.dtype.kind, str(array.dtype))
