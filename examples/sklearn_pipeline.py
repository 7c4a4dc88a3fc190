"""A lucidnet network inside scikit-learn: a pipeline, a grid search, and the model inside.

``lucidnet.sklearn.NeuralNetClassifier`` is a scikit-learn estimator that builds and trains a
lucidnet ``Sequential``.  Here it sits after a ``StandardScaler`` in a ``Pipeline``, so the
scaler learns its mean and spread from the training folds alone, and ``GridSearchCV`` picks
the hidden layer's width and the dropout rate by 3-fold cross-validation on the embedded
digits, fitting on two cores.  The winner is then scored on the held-out test images, and
its network, an ordinary lucidnet model, is summarized and saved.

Needs scikit-learn (pip install "lucidnet[sklearn]"); without it the example says so.

Run: python examples/sklearn_pipeline.py
"""

import importlib.util

from lucidnet.datasets import digits
from lucidnet.evaluation import per_class_report


def main():
    # Only a missing scikit-learn is excused: any other ImportError is a bug to see.
    if importlib.util.find_spec("sklearn") is None:
        print("This example needs scikit-learn, which is not installed: "
              'pip install "lucidnet[sklearn]"')
        return
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from lucidnet.sklearn import NeuralNetClassifier

    (x_train, y_train), (x_test, y_test) = digits.load_data()
    x_train, x_test = x_train.reshape(len(x_train), -1), x_test.reshape(len(x_test), -1)

    pipeline = make_pipeline(StandardScaler(),
                             NeuralNetClassifier(epochs=20, batch_size=32, random_state=0))
    # Step parameters are named <step>__<parameter>; make_pipeline names a step after its class.
    grid = {"neuralnetclassifier__hidden_layer_sizes": [(16,), (64,)],
            "neuralnetclassifier__dropout": [0.0, 0.2]}
    search = GridSearchCV(pipeline, grid, cv=3, n_jobs=2)
    search.fit(x_train, y_train)

    print("cross-validated accuracy of each candidate:")
    for params, score in zip(search.cv_results_["params"], search.cv_results_["mean_test_score"]):
        width = params["neuralnetclassifier__hidden_layer_sizes"]
        print(f"  hidden {width!s:<6} dropout {params['neuralnetclassifier__dropout']:<4} "
              f"{score:.3f}")
    print(f"best: {search.best_params_}")

    best = search.best_estimator_
    print(f"test accuracy of the refitted best pipeline: {best.score(x_test, y_test):.3f}")
    print(per_class_report(y_test, best.predict_proba(x_test)))

    classifier = best[-1]
    print(f"trained for {classifier.n_iter_} epochs; final training loss "
          f"{classifier.loss_curve_[-1]:.4f}")
    network = classifier.model_                     # the lucidnet model inside the estimator
    network.summary()
    network.save("digits_from_sklearn.lucid")       # expects standardized inputs, like the pipeline
    print("network saved to digits_from_sklearn.lucid")


if __name__ == "__main__":
    main()
