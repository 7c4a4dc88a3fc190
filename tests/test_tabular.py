"""A user's own table: CSV and .npz in, features, class ids and labels out, clear errors."""

import json

import numpy as np
import pytest

import lucidnet as ln
from lucidnet.datasets import decode_labels, from_csv, from_npz

IRIS_LIKE = """sepal_length,petal_length,species
5.1,1.4,setosa
4.9,1.5,setosa
6.3,4.9,versicolor
6.1,4.7,versicolor
7.2,6.1,virginica
6.9,5.7,virginica
"""


def write(tmp_path, text, name="table.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_text_target_becomes_sorted_class_ids_with_labels_kept(tmp_path):
    data = from_csv(write(tmp_path, IRIS_LIKE), target="species")
    assert data.task == "classification" and data.labels == ["setosa", "versicolor", "virginica"]
    assert data.y.tolist() == [0, 0, 1, 1, 2, 2] and data.y.dtype == np.int64
    assert data.feature_names == ["sepal_length", "petal_length"] and data.target == "species"
    assert data.x.dtype == np.float32 and data.x[2].tolist() == pytest.approx([6.3, 4.9])
    assert data.num_classes == 3


# target column values → (task, labels)
TARGET_CASES = [
    ("few whole numbers", ["0", "1", "1", "0"], None, "classification", [0, 1]),
    ("whole numbers written as floats", ["2.0", "5", "2", "5.0"], None, "classification", [2, 5]),
    ("fractions", ["0.5", "1.25", "3", "2"], None, "regression", None),
    ("many whole numbers", [str(v) for v in range(25)], None, "regression", None),
    ("whole numbers asked to regress", ["0", "1", "1", "0"], "regression", "regression", None),
    ("fractions asked to classify", ["0.5", "1.5", "0.5", "1.5"], "classification", "classification", [0.5, 1.5]),
    ("mixed text and numbers", ["1", "b", "a", "1"], None, "classification", ["1", "a", "b"]),
]


@pytest.mark.parametrize("name, values, task, expected_task, expected_labels", TARGET_CASES,
                         ids=[case[0] for case in TARGET_CASES])
def test_task_is_inferred_from_the_target_values(name, values, task, expected_task, expected_labels, tmp_path):
    rows = "".join(f"{i},{v}\n" for i, v in enumerate(values))
    data = from_csv(write(tmp_path, "feature,target\n" + rows), target="target", task=task)
    assert data.task == expected_task and data.labels == expected_labels
    if expected_task == "regression":
        assert data.y.dtype == np.float32 and data.y.tolist() == pytest.approx([float(v) for v in values])


def test_given_labels_fix_the_class_ids(tmp_path):
    data = from_csv(write(tmp_path, IRIS_LIKE), target="species", labels=["virginica", "setosa", "versicolor"])
    assert data.y.tolist() == [1, 1, 2, 2, 0, 0]


def test_given_numeric_labels_match_numbers_however_written(tmp_path):
    data = from_csv(write(tmp_path, "a,b\n1,1.0\n2,0\n"), target="b", labels=[0, 1])
    assert data.y.tolist() == [1, 0]


def test_label_outside_the_given_ones_is_an_error(tmp_path):
    with pytest.raises(ValueError, match=r"column 'species' holds label\(s\) 'virginica' that are not among the known classes \['setosa', 'versicolor'\]"):
        from_csv(write(tmp_path, IRIS_LIKE), target="species", labels=["setosa", "versicolor"])


def test_features_choose_and_order_the_columns(tmp_path):
    data = from_csv(write(tmp_path, IRIS_LIKE), target="species", features=["petal_length", "sepal_length"])
    assert data.feature_names == ["petal_length", "sepal_length"]
    assert data.x[0].tolist() == pytest.approx([1.4, 5.1])


def test_table_without_target_gives_features_to_predict_on(tmp_path):
    data = from_csv(write(tmp_path, "a,b\n1,2\n3,4\n"))
    assert data.y is None and data.task is None and data.x.tolist() == [[1, 2], [3, 4]]


def test_quotes_byte_order_mark_spaces_and_blank_lines_are_handled(tmp_path):
    text = '\ufeff"size, cm" , label\n" 1.5",yes\n\n2.5, no\n'
    data = from_csv(write(tmp_path, text), target="label")
    assert data.feature_names == ["size, cm"] and data.labels == ["no", "yes"]
    assert data.x[:, 0].tolist() == [1.5, 2.5]


def test_other_delimiters_and_float64(tmp_path):
    data = from_csv(write(tmp_path, "a;b\n1;2\n3;4\n"), target="b", delimiter=";", dtype="float64")
    assert data.x.dtype == np.float64 and data.labels == [2, 4]


def test_split_is_stratified_for_classes_and_reproducible(tmp_path):
    rows = "".join(f"{i},{'ab'[i % 2]}\n" for i in range(40))
    data = from_csv(write(tmp_path, "x,label\n" + rows), target="label")
    (x_train, y_train), (x_test, y_test) = data.split(test_size=0.25, seed=3)
    assert len(x_train) == 30 and len(x_test) == 10
    assert np.bincount(y_test).tolist() == [5, 5]
    (_, again), _ = data.split(test_size=0.25, seed=3)
    np.testing.assert_array_equal(y_train, again)


def test_split_stratify_must_be_none_true_or_false(tmp_path):
    data = from_csv(write(tmp_path, "x,label\n" + "".join(f"{i},{'ab'[i % 2]}\n" for i in range(8))), target="label")
    with pytest.raises(ValueError, match="TabularData.split stratify must be None, True or False, got 'yes'"):
        data.split(stratify="yes")


def test_decode_turns_ids_and_probabilities_into_labels(tmp_path):
    data = from_csv(write(tmp_path, IRIS_LIKE), target="species")
    assert data.decode(np.array([2, 0])).tolist() == ["virginica", "setosa"]
    assert data.decode(np.array([[0.1, 0.7, 0.2]])).tolist() == ["versicolor"]


def test_decode_reads_a_single_sigmoid_column_as_the_probability_of_class_1():
    assert decode_labels(np.array([[0.9], [0.2]]), ["no", "yes"]).tolist() == ["yes", "no"]


def test_decode_rejects_a_class_id_with_no_label():
    with pytest.raises(ValueError, match=r"class id 3, but there are 2 classes \['no', 'yes'\]"):
        decode_labels([0, 3], ["no", "yes"])


def test_metadata_is_plain_json(tmp_path):
    data = from_csv(write(tmp_path, "a,b\n1,0\n2,1\n"), target="b")
    assert json.loads(json.dumps(data.metadata())) == {
        "task": "classification", "target": "b", "feature_names": ["a"], "labels": [0, 1]}


def test_model_trained_on_a_table_predicts_the_users_labels(tmp_path):
    rows = "".join(f"{v},{'low' if v < 0 else 'high'}\n" for v in np.linspace(-1, 1, 40))
    data = from_csv(write(tmp_path, "reading,level\n" + rows), target="level")
    model = ln.Sequential([ln.Input((1,)), ln.Dense(2, activation="softmax")], seed=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.optimizer.learning_rate = 0.1
    model.fit(data.x, data.y, epochs=60, batch_size=40, verbose=0)
    assert data.decode(model.predict(np.array([[-0.8], [0.8]]), verbose=0)).tolist() == ["low", "high"]


# Bad tables and the words their error must contain.
BAD_TABLES = [
    ("no target column", IRIS_LIKE, {"target": "Species"},
     "has no column 'Species'. Did you mean 'species'? Its columns are: 'sepal_length', 'petal_length', 'species'."),
    ("missing values", "a,b,c\n1,,x\n2,3,y\nNA,4,\n", {"target": "c"},
     "missing values in column(s) 'a' on line(s) 4 (1 in all); 'b' on line(s) 2 (1 in all); 'c' on line(s) 4 (1 in all)"),
    ("non-numeric features", "colour,size,n,y\nred,L,1,0\nblue,M,2,1\n", {"target": "y"},
     "non-numeric values in feature column(s) 'colour' ('red' on line 2), 'size' ('L' on line 2)"),
    ("infinite feature", "a,y\ninf,0\n1,1\n", {"target": "y"}, "'a' ('inf' on line 2)"),
    ("ragged row", "a,b\n1,2\n3\n", {"target": "b"}, "line 3 has 1 value(s), but the header names 2 columns"),
    ("empty file", "", {"target": "b"}, "is empty: a CSV table needs a header row"),
    ("header only", "a,b\n", {"target": "b"}, "has a header row but no examples below it"),
    ("no header", "1,2\n3,4\n", {"target": "b"}, "holds only numbers, so it looks like data"),
    ("repeated column", "a,a,b\n1,2,3\n", {"target": "b"}, "the header row repeats 'a'"),
    ("unknown feature", IRIS_LIKE, {"target": "species", "features": ["petal"]},
     "has no column(s) 'petal'. Did you mean 'petal_length'?"),
    ("text target for regression", IRIS_LIKE, {"target": "species", "task": "regression"},
     "must hold numbers for regression, but holds 'setosa', 'versicolor', 'virginica'"),
]


@pytest.mark.parametrize("name, text, arguments, message", BAD_TABLES, ids=[case[0] for case in BAD_TABLES])
def test_bad_table_is_an_error_naming_the_file_and_the_fault(name, text, arguments, message, tmp_path):
    path = write(tmp_path, text)
    with pytest.raises(ValueError) as error:
        from_csv(path, **arguments)
    assert str(error.value).startswith(str(path)) and message in str(error.value)


def test_unknown_task_is_refused_before_reading_anything(tmp_path):
    with pytest.raises(ValueError, match="task must be one of 'classification', 'regression' or None, got 'ranking'"):
        from_csv(tmp_path / "absent.csv", target="y", task="ranking")


# -- .npz -------------------------------------------------------------------------------------
def test_npz_with_numeric_targets_infers_the_task_like_csv(tmp_path):
    np.savez(tmp_path / "t.npz", x=np.arange(6).reshape(3, 2), y=np.array([0.5, 1.5, 2.25]))
    data = from_csv(tmp_path / "t.npz")
    assert data.task == "regression" and data.feature_names == ["x0", "x1"] and data.x.dtype == np.float32


def test_npz_with_stored_labels_keeps_them(tmp_path):
    np.savez(tmp_path / "t.npz", x=np.zeros((3, 1)), y=np.array([1, 0, 1]), labels=np.array(["cat", "dog"]),
             feature_names=np.array(["weight"]))
    data = from_npz(tmp_path / "t.npz")
    assert data.labels == ["cat", "dog"] and data.y.tolist() == [1, 0, 1] and data.feature_names == ["weight"]


def test_npz_with_text_targets_maps_them_to_ids(tmp_path):
    np.savez(tmp_path / "t.npz", x=np.zeros((3, 1)), y=np.array(["b", "a", "b"]))
    data = from_npz(tmp_path / "t.npz")
    assert data.labels == ["a", "b"] and data.y.tolist() == [1, 0, 1]


BAD_NPZ = [
    ("no y", {"x": np.zeros((2, 1))}, "has no array 'y'; it holds 'x'. Expected 'x' (features"),
    ("object array", {"x": np.array([{}, {}], dtype=object), "y": np.zeros(2)}, "is not a readable .npz file of plain arrays"),
    ("ids beyond the labels", {"x": np.zeros((2, 1)), "y": np.array([0, 2]), "labels": np.array(["a", "b"])},
     "must hold class ids 0..1 to go with the 2 stored 'labels', got int64 values [0, 2]"),
    ("lengths differ", {"x": np.zeros((3, 1)), "y": np.zeros(2)}, "must have the same number of examples, got 3 and 2"),
    ("NaN feature", {"x": np.array([[1.0], [np.nan]]), "y": np.zeros(2)}, "array 'x' contains 1 NaN or infinite value(s)"),
]


@pytest.mark.parametrize("name, arrays, message", BAD_NPZ, ids=[case[0] for case in BAD_NPZ])
def test_bad_npz_is_an_error_naming_the_file_and_the_fault(name, arrays, message, tmp_path):
    np.savez(tmp_path / "t.npz", **arrays)
    with pytest.raises(ValueError) as error:
        from_npz(tmp_path / "t.npz")
    assert str(tmp_path / "t.npz") in str(error.value) and message in str(error.value)


def test_file_that_is_not_npz_is_an_error(tmp_path):
    path = write(tmp_path, "a,b\n", name="t.npz")
    with pytest.raises(ValueError, match=r"t\.npz is not a readable \.npz file"):
        from_csv(path)


@pytest.mark.parametrize("content, message", [
    ("café,target\n1,0\n".encode("latin-1"), r"is not UTF-8 text: byte 0xe9 at position 3"),
    (bytes(range(256)) * 4, r"is not UTF-8 text|holds a NUL character|is not a readable CSV table"),
    (b"a,b\n1,\x00\n", r"line 2 holds a NUL character: it is a binary file"),
])
def test_a_file_that_is_not_utf8_csv_text_is_refused_naming_the_file(tmp_path, content, message):
    path = tmp_path / "table.csv"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message) as caught:
        from_csv(path, target="b")
    assert str(path) in str(caught.value)
