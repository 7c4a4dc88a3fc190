"""Doctest collection of the package: skip the modules whose optional extra is missing."""

import importlib.util

collect_ignore_glob = []
if importlib.util.find_spec("sklearn") is None:
    collect_ignore_glob.append("src/lucidnet/sklearn/*")
