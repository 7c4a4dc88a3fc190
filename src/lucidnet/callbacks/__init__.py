"""Callbacks: code that runs at fixed points of training, evaluation and prediction."""

from .base import Callback, CallbackList, History

__all__ = ["Callback", "CallbackList", "History"]
