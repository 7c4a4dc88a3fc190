"""Callbacks: code that runs at fixed points of training, evaluation and prediction.

`fit` calls, in order: `on_train_begin`; per epoch `on_epoch_begin`, per batch
`on_train_batch_begin`/`on_train_batch_end(batch, logs)`, then `on_epoch_end(epoch,
logs)` with the epoch's loss, metrics, `val_` metrics and `learning_rate`; finally
`on_train_end`.  `evaluate` and `predict` call the `on_test_*` and `on_predict_*`
hooks.  Setting `model.stop_training = True` ends training after the current batch.
"""

from .backup_and_restore import BackupAndRestore
from .base import Callback, CallbackList, History
from .checkpoint import ModelCheckpoint
from .early_stopping import EarlyStopping
from .learning_rate import LearningRateScheduler, ReduceLROnPlateau
from .progbar import ProgbarLogger
from .remote_monitor import RemoteMonitor
from .simple import CSVLogger, LambdaCallback, TerminateOnNaN
from .tensorboard import TensorBoard

__all__ = [
    "Callback", "CallbackList", "History", "ProgbarLogger", "EarlyStopping", "ModelCheckpoint",
    "ReduceLROnPlateau", "LearningRateScheduler", "TerminateOnNaN", "CSVLogger",
    "LambdaCallback", "TensorBoard", "RemoteMonitor", "BackupAndRestore",
]
