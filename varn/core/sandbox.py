"""Parsing an uploaded file in a child process under memory and CPU limits (issue 14, finding 2).

A small file can unpack to gigabytes inside a parser (a Word template took a worker to 2.9 GB).
The parser runs in a fresh process with resource.setrlimit on its address space and CPU time, and a
wall-clock limit on top; a parser that exceeds them is stopped and the user gets a Swedish message.
The child is spawned (not forked): the worker's threads and database connections stay behind.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import resource
import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

MEMORY_BYTES = int(os.environ.get("VARN_PARSE_MEMORY_MB", "1024")) * 1024 * 1024
SECONDS = int(os.environ.get("VARN_PARSE_SECONDS", "120"))


class TooDemanding(Exception):
    """The file needed more memory or time than a file of its kind may."""


def _child(conn, target: str, args: tuple, memory: int, seconds: int, language: str, root: str) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    sys.path.insert(0, root)  # the project, for its settings module
    import django

    django.setup()
    translation.activate(language)
    try:
        # Imported only now: a module with models cannot be imported before Django is set up.
        module, _sep, name = target.partition(":")
        func = getattr(importlib.import_module(module), name)
        conn.send((True, func(*args)))
    except MemoryError:
        conn.send((False, TooDemanding()))
    except Exception as error:  # the parser's own errors (with their Swedish messages) go back as they are
        conn.send((False, error))
    finally:
        conn.close()


def run_limited(
    func: Callable[..., Any], *args: Any, memory: int = MEMORY_BYTES, seconds: int = SECONDS
) -> Any:
    """func(*args) in a child process within `memory` bytes and `seconds` of CPU and wall time.
    func and its arguments and result must be picklable (a module-level function over bytes).
    Raises what func raised, or TooDemanding when a limit stopped it."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(
        target=_child,
        args=(
            send,
            f"{func.__module__}:{func.__qualname__}",
            args,
            memory,
            seconds,
            translation.get_language() or "sv",
            str(settings.BASE_DIR),
        ),
        daemon=True,
    )
    process.start()
    send.close()
    try:
        # Start-up (Django) counts against the wall time too; a little more for it.
        if not receive.poll(seconds + 10):
            raise TooDemanding()
        ok, value = receive.recv()
    except EOFError as error:  # killed by a limit before it could answer
        raise TooDemanding() from error
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receive.close()
    if ok:
        return value
    raise value


def too_demanding_message() -> str:
    return _(
        "Filen kräver mer minne eller tid än Värn ger en fil att läsas. Spara den på nytt utan "
        "inbäddade bilder eller dela upp den, och försök igen."
    )
