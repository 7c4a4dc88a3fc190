import numpy as np
import pytest

import lucidnet as ln
from lucidnet import Dense, Input, Sequential


def small_model(loss="sparse_categorical_crossentropy", output="softmax", optimizer=None):
    model = Sequential([Input((3,)), Dense(4, activation="tanh"), Dense(2, activation=output)],
                       seed=0, dtype="float64")
    model.compile(optimizer=optimizer or ln.optimizers.SGD(learning_rate=1.0), loss=loss)
    return model


@pytest.fixture
def batch(rng):
    return rng.normal(size=(5, 3)), np.array([0, 1, 1, 0, 1])


def test_trace_gradients_are_the_ones_fit_applies(batch):
    x, y = batch
    model = small_model()
    record = model.trace(x, y)
    before = model.get_weights()
    model.fit(x, y, batch_size=len(x), epochs=1, shuffle=False, verbose=0)  # one SGD step, η = 1
    for old, new, grad in zip(before, model.get_weights(), record.gradients):
        np.testing.assert_allclose(old - new, grad, rtol=1e-12, atol=1e-15)


def test_trace_changes_neither_weights_nor_optimizer(batch):
    model = small_model(optimizer="adam")
    model.fit(*batch, epochs=1, verbose=0)
    weights, iterations = model.get_weights(), model.optimizer.iterations
    model.trace(*batch, check=True)
    for a, b in zip(weights, model.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert model.optimizer.iterations == iterations


def test_trace_records_every_quantity_with_its_equation(batch):
    record = small_model().trace(*batch)
    hidden, output = record["dense_1"], record["dense_2"]
    assert hidden.z.shape == (5, 4) and hidden.grad_W.shape == (3, 4) and hidden.grad_b.shape == (4,)
    np.testing.assert_allclose(hidden.a, np.tanh(hidden.z))
    np.testing.assert_allclose(hidden.grad_W, hidden.input.T @ hidden.delta)      # BP4
    np.testing.assert_allclose(hidden.grad_b, hidden.delta.sum(axis=0))          # BP3
    assert hidden.equations["delta"] == "BP2: δ¹ = (δ² (W²)ᵀ) ⊙ σ'(z¹)"
    assert output.equations["delta"] == "BP1, fused with the loss: δ² = (a² − y)/N"
    assert output.equations["grad_W"] == "BP4: ∂C/∂W² = (a¹)ᵀ δ²"
    assert hidden.equations["z"] == "z¹ = a⁰ W¹ + b¹"


def test_trace_without_fusion_labels_bp1_with_the_activation_derivative(batch, rng):
    model = small_model(loss="mse", output="sigmoid")
    record = model.trace(batch[0], rng.normal(size=(5, 2)))
    assert record["dense_2"].equations["delta"] == "BP1: δ² = ∇ₐC ⊙ σ'(z²)"


def test_trace_check_compares_with_finite_differences(batch):
    record = small_model().trace(*batch, check=True)
    errors = [error for layer in record.layers for error in layer.check.values()]
    assert len(errors) == 4 and max(errors) < 1e-6
    assert "finite-difference check: rel. error" in str(record)


def test_trace_prints_shapes_and_equations(batch):
    text = str(small_model().trace(*batch))
    assert "layer 1: dense_1 (Dense, tanh)  input (5, 3)" in text
    assert "(3, 4)" in text and "BP3: ∂C/∂b¹ = Σₙ δ¹ₙ" in text


def test_trace_names_a_missing_layer(batch):
    with pytest.raises(KeyError, match="No layer named 'dense_9'"):
        small_model().trace(*batch)["dense_9"]


def test_explain_writes_out_one_step_with_its_numbers(capsys):
    model = small_model()
    text = model.explain([1.0, 2.0, 1.0], 0)
    assert text.strip() == capsys.readouterr().out.strip()
    for heading in ("## Layer 1: dense_1 (Dense, 3 → 4, tanh)", "## Loss", "## Backward through dense_2",
                    "## Update", "SGD: w ← w − η ∂C/∂w with η = 1."):
        assert heading in text
    z1 = model.layers[0].get_weights()[0][:, 0] @ np.array([1.0, 2.0, 1.0])
    assert f"= {z1:.6g}" in text
    assert "δ₁ = a₁ − y₁" in text


def test_explain_update_matches_a_real_step_and_changes_nothing():
    model = small_model(optimizer="adam")
    before = model.get_weights()
    text = model.explain([1.0, 2.0, 1.0], 1, show=False)
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert model.optimizer.iterations == 0
    model.fit(np.array([[1.0, 2.0, 1.0]]), np.array([1]), epochs=1, verbose=0)
    new_bias = model.get_weights()[3]
    assert f"0 → {new_bias[0]:.4g}" in text


def test_explain_summarises_large_layers(rng):
    model = Sequential([Input((784,)), Dense(32, activation="relu"), Dense(10, activation="softmax")], seed=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    text = model.explain(rng.random(784), 3, show=False)
    assert "smaller terms" in text and "more neurons" in text and "‖Δ‖" in text


def test_explain_takes_one_example(batch):
    with pytest.raises(ValueError, match="explain\\(\\) takes one example, got 5"):
        small_model().explain(*batch)


def test_activation_explain_shows_formula_and_values():
    text = ln.activations.get("tanh").explain([0.0, 1.0])
    assert text.splitlines()[0].startswith("tanh: σ(z) = tanh(z)")
    assert "z = 0: σ(z) = 0, σ'(z) = 1" in text
    assert "Jacobian" in ln.activations.get("softmax").explain([0.3, 0.6])
