"""Exceptions of brainpystate.

Every nonzero status of the C ABI becomes an exception that carries the engine's message
(``bps_last_error_message()``). Each class also derives from the built-in exception a brainpy.state
user would get for the same mistake, so ``except ValueError`` etc. keep working.

==========================  ===============================  =====================
C status                    class                            built-in base
==========================  ===============================  =====================
BPS_ERR_INVALID_ARGUMENT    InvalidArgumentError             ValueError
BPS_ERR_NULL_POINTER        NullPointerError                 ValueError
BPS_ERR_BAD_HANDLE          BadHandleError                   ValueError
BPS_ERR_UNKNOWN_NAME        UnknownNameError                 KeyError
BPS_ERR_UNIT                UnitMismatchError                ValueError
BPS_ERR_OUT_OF_RANGE        OutOfRangeError                  IndexError
BPS_ERR_BUFFER_TOO_SMALL    BufferTooSmallError              ValueError
BPS_ERR_TYPE                ElementTypeError                 TypeError
BPS_ERR_BAD_STATE           BadStateError                    RuntimeError
BPS_ERR_CANCELLED           Cancelled                        RuntimeError
BPS_ERR_OUT_OF_MEMORY       EngineMemoryError                MemoryError
BPS_ERR_INTERNAL            InternalError                    RuntimeError
==========================  ===============================  =====================

All of them subclass :class:`BrainpyStateError`. Errors detected by the Python layer itself (before
any engine call) use the same classes with ``status = None``.
"""

__all__ = [
    'BrainpyStateError', 'InvalidArgumentError', 'NullPointerError', 'BadHandleError',
    'UnknownNameError', 'UnitMismatchError', 'OutOfRangeError', 'BufferTooSmallError',
    'ElementTypeError', 'BadStateError', 'Cancelled', 'EngineMemoryError', 'InternalError',
    'LibraryNotFoundError', 'error_class',
]


class BrainpyStateError(Exception):
    """Base class of every error raised by brainpystate.

    Attributes
    ----------
    status : int or None
        The C status code (``None`` when the Python layer raised it).
    status_name : str or None
        The symbolic status name, e.g. ``"BPS_ERR_UNIT"``.
    function : str or None
        The C function that failed.
    """

    def __init__(self, message, status=None, status_name=None, function=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.status_name = status_name
        self.function = function

    def __str__(self):
        return self.message


class InvalidArgumentError(BrainpyStateError, ValueError):
    """A value is not acceptable (NaN, inf, negative size, bad option, ...)."""


class NullPointerError(BrainpyStateError, ValueError):
    """A required pointer was NULL (only reachable through the low-level ctypes layer)."""


class BadHandleError(BrainpyStateError, ValueError):
    """The network handle is NULL, deleted (``net.close()``) or foreign."""


class UnknownNameError(BrainpyStateError, KeyError):
    """Unknown model, parameter, state, initializer, option or input key."""

    def __str__(self):  # KeyError would quote the message
        return self.message


class UnitMismatchError(BrainpyStateError, ValueError):
    """A malformed unit string, a unit of the wrong dimension, or a bare number where a quantity is
    required (brainunit raises its own UnitMismatchError in the same situations)."""


class OutOfRangeError(BrainpyStateError, IndexError):
    """An id, index, slice or length outside its valid range."""


class BufferTooSmallError(BrainpyStateError, ValueError):
    """A caller buffer is smaller than needed; ``needed`` holds the needed length when known."""

    def __init__(self, message, status=None, status_name=None, function=None, needed=None):
        super().__init__(message, status, status_name, function)
        self.needed = needed


class ElementTypeError(BrainpyStateError, TypeError):
    """An unsupported element type (dtype) for this array, or a value of the wrong Python type."""


class BadStateError(BrainpyStateError, RuntimeError):
    """Wrong call order: a structural change after compile, a run before compile, ..."""


class Cancelled(BrainpyStateError, RuntimeError):
    """The run was cancelled from the progress callback. Every completed step is applied: ``net.t``,
    the states and the recordings agree, and the network stays usable."""


class EngineMemoryError(BrainpyStateError, MemoryError):
    """An allocation failed in the engine."""


class InternalError(BrainpyStateError, RuntimeError):
    """A bug in the engine; please report it with the message."""


class LibraryNotFoundError(BrainpyStateError, OSError):
    """libbrainpystate could not be found or has an incompatible ABI version."""


_BY_STATUS = {
    1: InvalidArgumentError,
    2: NullPointerError,
    3: BadHandleError,
    4: UnknownNameError,
    5: UnitMismatchError,
    6: OutOfRangeError,
    7: BufferTooSmallError,
    8: ElementTypeError,
    9: BadStateError,
    10: Cancelled,
    11: EngineMemoryError,
    12: InternalError,
}


def error_class(status):
    """The exception class for a C status code (InternalError for codes this binding does not know)."""
    return _BY_STATUS.get(int(status), InternalError)
