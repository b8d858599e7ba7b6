# SPDX-License-Identifier: Apache-2.0
"""Running the C++ core's operations: blocking (the sync Client) or as awaitables (the
AsyncClient). Every operation of _core.Session starts at once and calls ``done(value,
error)`` on the C++ I/O thread when it ends; no Python thread holds the GIL meanwhile."""

from __future__ import annotations

import asyncio
import threading
from typing import Any, Callable, List, Optional, Tuple

from . import _core
from .errors import from_info
from .results import Progress, ProgressCallback

Done = Callable[[Any, Optional[_core.ErrorInfo]], None]
Start = Callable[[Done], _core.Operation]
RawProgress = Callable[[int, int, float], None]


class CallbackGuard:
    """Wraps the user's callbacks: an exception in one cancels the operation and is raised
    from it (instead of being lost on the I/O thread)."""

    def __init__(self) -> None:
        self.error: Optional[BaseException] = None
        self.operation: Optional[_core.Operation] = None

    def wrap(self, fn: Callable[..., None]) -> Callable[..., None]:
        def guarded(*args: Any) -> None:
            if self.error is not None:
                return
            try:
                fn(*args)
            except BaseException as e:  # noqa: B902 - re-raised by the operation
                self.error = e
                if self.operation is not None:
                    self.operation.cancel()

        return guarded


def progress_adapter(
    progress: Optional[ProgressCallback], guard: CallbackGuard, deliver: Callable[..., Any]
) -> Optional[RawProgress]:
    """The core's progress(bytes, total, rate) for a user's progress(Progress)."""
    if progress is None:
        return None
    call = guard.wrap(lambda b, t, r: progress(Progress(b, t, r)))
    return lambda b, t, r: deliver(call, b, t, r)


def run_blocking(start: Start, guard: Optional[CallbackGuard] = None) -> Any:
    """Starts the operation and waits for its end. Ctrl-C (KeyboardInterrupt) or any other
    exception while waiting cancels it, waits for it to stop, and is raised."""
    # A plain lock, held until done() releases it: the cheapest wake-up Python has.
    finished = threading.Lock()
    finished.acquire()
    outcome: List[Tuple[Any, Optional[_core.ErrorInfo]]] = []

    def done(value: Any, error: Optional[_core.ErrorInfo]) -> None:
        outcome.append((value, error))
        finished.release()

    operation = start(done)
    if guard is not None:
        guard.operation = operation
    try:
        # Short waits: the main thread gets to run signal handlers between them.
        while not finished.acquire(timeout=0.1):
            pass
    except BaseException:
        if not outcome:  # still running (done() fills outcome before it releases)
            operation.cancel()
            finished.acquire()
        raise
    return _outcome(outcome[0], guard)


async def run_async(start: Start, guard: Optional[CallbackGuard] = None) -> Any:
    """Starts the operation and awaits its end on the caller's loop (the I/O thread hands
    the result over with call_soon_threadsafe). Cancelling the awaiting task cancels the
    operation and waits for it to stop before CancelledError propagates."""
    loop = asyncio.get_running_loop()
    ended: "asyncio.Future[Tuple[Any, Optional[_core.ErrorInfo]]]" = loop.create_future()

    def settle(value: Any, error: Optional[_core.ErrorInfo]) -> None:
        if not ended.done():
            ended.set_result((value, error))

    def done(value: Any, error: Optional[_core.ErrorInfo]) -> None:
        loop.call_soon_threadsafe(settle, value, error)

    operation = start(done)
    if guard is not None:
        guard.operation = operation
    try:
        outcome = await asyncio.shield(ended)
    except asyncio.CancelledError:
        operation.cancel()
        await ended
        raise
    return _outcome(outcome, guard)


def _outcome(outcome: Tuple[Any, Optional[_core.ErrorInfo]], guard: Optional[CallbackGuard]) -> Any:
    value, error = outcome
    if guard is not None and guard.error is not None:
        raise guard.error
    if error is not None:
        raise from_info(error)
    return value
