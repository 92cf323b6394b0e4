"""The braintools.metric losses training uses, on numpy arrays (per element or per sample, reduce them
with .mean() yourself, as the reference examples do). Passed to ``Sequential.grad(..., loss=...)`` they
also name the loss the engine differentiates."""

import numpy as np

__all__ = ['softmax_cross_entropy_with_integer_labels', 'squared_error', 'accuracy']


def softmax_cross_entropy_with_integer_labels(logits, labels):
    """logsumexp(z) − z[label] per sample (computed after subtracting the row maximum)."""
    z = np.asarray(logits, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.int64)
    top = z.max(axis=-1, keepdims=True)
    lse = np.log(np.exp(z - top).sum(axis=-1)) + top[..., 0]
    return lse - np.take_along_axis(z, labels[..., None], axis=-1)[..., 0]


softmax_cross_entropy_with_integer_labels.engine_name = 'softmax_cross_entropy_with_integer_labels'


def squared_error(predictions, targets):
    """(p − t)² per element."""
    return (np.asarray(predictions, dtype=np.float64) - np.asarray(targets, dtype=np.float64)) ** 2


squared_error.engine_name = 'squared_error'


def accuracy(logits, labels):
    """The fraction of rows whose largest entry is the label."""
    return float(np.mean(np.argmax(np.asarray(logits), axis=-1) == np.asarray(labels)))
