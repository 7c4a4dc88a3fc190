"""Plots of models, training runs and data, drawn with matplotlib (the `[plot]` extra).

`import lucidnet.plot` works without matplotlib; each function imports it when called
and, if it is missing, raises an ImportError that says `pip install "lucidnet[plot]"`.

Every function returns a `matplotlib.figure.Figure` and, given `path=`, saves it as a
PNG.  The figures are not attached to `pyplot` and no window is ever opened, so they work
the same in scripts, on servers without a display and in tests.  In a notebook where matplotlib
is active (`%matplotlib inline`, or pyplot imported), a returned figure shows as the
cell's value.

- [`learning_curves`][lucidnet.plot.learning_curves]: loss and metrics per epoch, training against validation,
  with the best epoch marked;
- [`confusion_matrix`][lucidnet.plot.confusion_matrix]: counts of each (true class, predicted class) pair;
- [`predicted_vs_true`][lucidnet.plot.predicted_vs_true]: a regression's predictions against the true values;
- [`misclassified`][lucidnet.plot.misclassified]: the test images the model got wrong, with both labels;
- [`first_layer_weights`][lucidnet.plot.first_layer_weights]: each hidden unit's weights drawn as an image;
- [`network`][lucidnet.plot.network]: the layers as columns of neurons, joined by lines as thick as the weights;
- [`gradient_descent`][lucidnet.plot.gradient_descent]: an optimizer's real steps on a loss of one or two parameters;
- [`chain_rule`][lucidnet.plot.chain_rule]: one example's forward and backward pass as a chain of boxes;
- [`decision_boundary`][lucidnet.plot.decision_boundary]: the class regions of a classifier of 2-D inputs;
- [`activation_functions`][lucidnet.plot.activation_functions]: every activation σ with its derivative σ';
- [`save_training_plots`][lucidnet.plot.save_training_plots]: the relevant ones of the above for a run, into a directory.
"""

from .functions import activation_functions, decision_boundary
from .chain import chain_rule
from .descent import gradient_descent
from .images import first_layer_weights, misclassified
from .neurons import network
from .report import save_training_plots
from .training import confusion_matrix, learning_curves, predicted_vs_true

__all__ = [
    "learning_curves", "confusion_matrix", "predicted_vs_true", "misclassified", "first_layer_weights",
    "decision_boundary", "activation_functions", "network", "gradient_descent", "chain_rule",
    "save_training_plots",
]
