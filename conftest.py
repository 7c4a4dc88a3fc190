"""Doctest collection of the package: skip the modules whose optional extra is missing, and the
deprecated keras.utils.np_utils, which warns when imported and holds no examples."""

import importlib.util

collect_ignore_glob = ["src/lucidnet/keras/utils/np_utils.py"]
if importlib.util.find_spec("sklearn") is None:
    collect_ignore_glob.append("src/lucidnet/sklearn/*")
