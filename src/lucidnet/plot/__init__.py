"""Plots of models, training runs and data, drawn with matplotlib (the `[plot]` extra).

`import lucidnet.plot` works without matplotlib; each function imports it when called
and, if it is missing, raises an ImportError that says `pip install "lucidnet[plot]"`.

Every function returns a `matplotlib.figure.Figure` and, given `path=`, saves it as a
PNG.  The figures are not attached to `pyplot` and no window is ever opened, so they work
the same in scripts, on servers without a display and in tests.  In a notebook where matplotlib
is active (`%matplotlib inline`, or pyplot imported), a returned figure shows as the
cell's value.

- [`learning_curves`][lucidnet.plot.learning_curves]: loss and metrics per epoch, training against
  validation, with the best epoch marked;
- [`confusion_matrix`][lucidnet.plot.confusion_matrix]: counts of each (true class, predicted
  class) pair;
- [`misclassified`][lucidnet.plot.misclassified]: the test images the model got wrong, with both
  labels;
- [`first_layer_weights`][lucidnet.plot.first_layer_weights]: each hidden unit's weights drawn as
  an image;
- [`decision_boundary`][lucidnet.plot.decision_boundary]: the class regions of a classifier of 2-D
  inputs;
- [`activation_functions`][lucidnet.plot.activation_functions]: every activation σ with its
  derivative σ';
- [`save_training_plots`][lucidnet.plot.save_training_plots]: the relevant ones of the above for a
  run, into a directory.
"""

from .functions import activation_functions, decision_boundary
from .images import first_layer_weights, misclassified
from .report import save_training_plots
from .training import confusion_matrix, learning_curves

__all__ = [
    "learning_curves", "confusion_matrix", "misclassified", "first_layer_weights",
    "decision_boundary", "activation_functions", "save_training_plots",
]
