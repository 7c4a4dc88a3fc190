"""Plots of models, training runs and data, drawn with matplotlib (the ``[plot]`` extra).

``import lucidnet.plot`` works without matplotlib; each function imports it when called
and, if it is missing, raises an ImportError that says ``pip install "lucidnet[plot]"``.

Every function returns a ``matplotlib.figure.Figure`` and, given ``path=``, saves it as a
PNG.  The figures are not attached to ``pyplot`` and no window is ever opened, so they work
the same in scripts, on servers without a display and in tests.  In a notebook where matplotlib
is active (``%matplotlib inline``, or pyplot imported), a returned figure shows as the
cell's value.

- :func:`learning_curves`: loss and metrics per epoch, training against validation,
  with the best epoch marked;
- :func:`confusion_matrix`: counts of each (true class, predicted class) pair;
- :func:`predicted_vs_true`: a regression's predictions against the true values;
- :func:`misclassified`: the test images the model got wrong, with both labels;
- :func:`first_layer_weights`: each hidden unit's weights drawn as an image;
- :func:`network`: the layers as columns of neurons, joined by lines as thick as the weights;
- :func:`gradient_descent`: an optimizer's real steps on a loss of one or two parameters;
- :func:`chain_rule`: one example's forward and backward pass as a chain of boxes;
- :func:`decision_boundary`: the class regions of a classifier of 2-D inputs;
- :func:`activation_functions`: every activation σ with its derivative σ';
- :func:`save_training_plots`: the relevant ones of the above for a run, into a directory.
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
