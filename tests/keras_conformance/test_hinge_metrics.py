"""Keras's hinge-metric cases (`keras/src/metrics/hinge_metrics_test.py`), ported.

Each test names the Keras test it comes from; the inputs and expected numbers are Keras's.
"""

import numpy as np
import pytest

from lucidnet.keras import metrics

HINGE_PRED = np.array([[-0.3, 0.2, -0.1, 1.6], [-0.25, -1.0, 0.5, 0.6]])
CAT_TRUE = np.array(((0, 1, 0, 1, 0), (0, 0, 1, 1, 1), (1, 1, 1, 1, 0), (0, 0, 0, 0, 1)),
                    dtype="float32")
CAT_PRED = np.array(((0, 0, 1, 1, 0), (1, 1, 1, 1, 1), (0, 1, 0, 1, 0), (1, 1, 1, 1, 1)),
                    dtype="float32")


# keras: metrics/hinge_metrics_test.py::HingeTest::test_config
# keras: metrics/hinge_metrics_test.py::SquaredHingeTest::test_config
# keras: metrics/hinge_metrics_test.py::CategoricalHingeTest::test_config
@pytest.mark.parametrize("cls, name", [
    (metrics.Hinge, "hinge"), (metrics.SquaredHinge, "squared_hinge"),
    (metrics.CategoricalHinge, "cat_hinge")])
def test_config(cls, name):
    metric = cls(name=name, dtype="int32")
    restored = cls.from_config(metric.get_config())
    for each in (metric, restored):
        assert each.name == name and each.dtype == "int32"


# keras: metrics/hinge_metrics_test.py::HingeTest::test_unweighted
# keras: metrics/hinge_metrics_test.py::HingeTest::test_weighted
# keras: metrics/hinge_metrics_test.py::SquaredHingeTest::test_unweighted
# keras: metrics/hinge_metrics_test.py::SquaredHingeTest::test_weighted
@pytest.mark.parametrize("cls, dtype, unweighted, weighted", [
    (metrics.Hinge, None, 0.506, 0.493), (metrics.SquaredHinge, "float32", 0.364, 0.347)],
    ids=["hinge", "squared_hinge"])
def test_hinges(cls, dtype, unweighted, weighted):
    metric = cls()
    metric.update_state(np.array([[0, 1, 0, 1], [0, 0, 1, 1]], dtype=dtype or "float64"),
                        HINGE_PRED)
    assert metric.result() == pytest.approx(unweighted, abs=1e-3)
    # −1/1 labels give the same margins as the 0/1 ones above
    result = cls()(np.array([[-1, 1, -1, 1], [-1, -1, 1, 1]], dtype=dtype), HINGE_PRED,
                   sample_weight=np.array([1.5, 2.0]))
    assert result == pytest.approx(weighted, abs=1e-3)


# keras: metrics/hinge_metrics_test.py::CategoricalHingeTest::test_unweighted
# keras: metrics/hinge_metrics_test.py::CategoricalHingeTest::test_weighted
@pytest.mark.parametrize("sample_weight", [None, np.array((1.0, 1.5, 2.0, 2.5))],
                         ids=["unweighted", "weighted"])
def test_categorical_hinge(sample_weight):
    result = metrics.CategoricalHinge()(CAT_TRUE, CAT_PRED, sample_weight=sample_weight)
    assert result == pytest.approx(0.5, abs=1e-5)
