"""The scripts here are notebooks that tests/test_tutorials.py runs; pytest must not import them."""

collect_ignore_glob = ["*.py"]
