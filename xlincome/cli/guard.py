"""The command line's last line of defence: every command runs through :class:`GuardedGroup`.

- An error the command raises for the user (a ``click.ClickException``)
  keeps its exit code; its message may quote a file (a header, a name), so
  it is made inert first (:func:`xlincome.text.terminal.inert`).
- Any other exception is a bug: it becomes one line on standard error,
  ``Error: unexpected <type>: <message>``, with exit code 2; the traceback
  only with the group's ``--debug`` flag.  The objects the error left
  half-done (an open writer, say) may fail again as they are cleaned up;
  Python would print those as "Exception ignored in ..." tracebacks, so
  they are not shown either (with ``--debug`` they are).
- SIGTERM ends a command the way Ctrl-C does: files being written are
  removed (they are temporaries until complete, :mod:`xlincome.files.writing`),
  and the exit code is 128 + the signal's number (143; Ctrl-C: 130), as
  shells report a process ended by a signal.  A command that handles the
  signals itself (``generate`` finishes its run and prints a summary)
  installs its own handler for its duration.
"""

from __future__ import annotations

import signal
import sys
import threading
from contextlib import contextmanager
from typing import Iterator

import click

from ..text.terminal import inert

#: Exit code of an unexpected error, as of a usage error: nothing was (fully) done.
EXIT_UNEXPECTED = 2
#: Most characters of an error message shown.
MAX_MESSAGE = 500
#: Where the ``--debug`` flag is kept (``click.Context.meta`` is shared by a command and its group).
DEBUG_KEY = "xlincome.debug"


class Stopped(BaseException):
    """A signal asked the command to stop (raised from the signal handler; a ``BaseException``,
    like ``KeyboardInterrupt``, so that no ``except Exception`` swallows it)."""

    def __init__(self, number: int):
        super().__init__(number)
        self.number = number


class UnexpectedError(click.ClickException):
    """An exception xlincome did not expect, shown in one line (exit code 2)."""

    exit_code = EXIT_UNEXPECTED

    def __init__(self, error: Exception):
        message = inert(str(error).strip() or "no message", MAX_MESSAGE)
        super().__init__(f"unexpected {type(error).__name__}: {message}"
                         " (run again with --debug to see where it happened, and please report it)")


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`Stopped` in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(number, frame):
        raise Stopped(number)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class GuardedGroup(click.Group):
    """A click group whose commands never show the user a traceback (see the module's text).

    The group needs a ``--debug`` flag (:func:`debug_option`).
    """

    def invoke(self, ctx: click.Context):
        try:
            with _sigterm_raises():
                return super().invoke(ctx)
        except click.ClickException as error:
            error.message = inert(error.message, MAX_MESSAGE)
            raise
        except (click.exceptions.Exit, click.Abort, BrokenPipeError):
            raise  # BrokenPipeError: the output's reader went away (``| head``); click ends quietly
        except Stopped as stopped:
            click.echo("stopped by a signal: nothing more was written", err=True)
            ctx.exit(128 + stopped.number)
        except KeyboardInterrupt:
            click.echo("\ninterrupted: nothing more was written", err=True)
            ctx.exit(128 + signal.SIGINT)
        except Exception as error:
            if ctx.meta.get(DEBUG_KEY):
                raise
            sys.unraisablehook = _ignore_unraisable
            raise UnexpectedError(error) from None


def _ignore_unraisable(unraisable) -> None:
    """After an unexpected error: the clean-up failures of what it left half-done are not shown."""


def debug_option(function):
    """The ``--debug`` flag of the group: let an unexpected error show its full traceback."""
    def remember(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        ctx.meta[DEBUG_KEY] = value

    return click.option("--debug", is_flag=True, expose_value=False, callback=remember,
                        help="Show the full traceback of an unexpected error (for a bug report).")(function)
