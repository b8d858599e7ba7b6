# SPDX-License-Identifier: Apache-2.0
"""The console commands ``smpctl``, ``smpsim`` and ``mcumgr`` of the wheel: each runs the
program of that name bundled in ``smpcore/bin``, with the same arguments, so that ``pipx
install smpcore`` gives a user the command-line tools without a compiler."""
import os
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

# Read at each call (tests switch it to check the Windows behaviour on Linux).
WINDOWS = sys.platform == "win32"


def bundled_program(name: str) -> Path:
    """The path of the bundled program ``name`` (``name.exe`` on Windows)."""
    return Path(__file__).parent / "bin" / (name + ".exe" if WINDOWS else name)


def _run(name: str) -> NoReturn:
    program = bundled_program(name)
    if not program.is_file():
        sys.exit(f"smpcore: {program} is missing: this installation of smpcore is incomplete")
    arguments = [str(program), *sys.argv[1:]]
    if WINDOWS:  # no exec there: run it and pass its exit code on
        sys.exit(subprocess.call(arguments))
    # Replaced by the program, so that its exit code, signals (Ctrl-C) and terminal are its own.
    os.execv(program, arguments)


def smpctl() -> NoReturn:
    """The ``smpctl`` console command."""
    _run("smpctl")


def smpsim() -> NoReturn:
    """The ``smpsim`` console command."""
    _run("smpsim")


def mcumgr() -> NoReturn:
    """The ``mcumgr`` console command (the Go mcumgr's command line)."""
    _run("mcumgr")
