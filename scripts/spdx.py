#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Every source file of the repository carries the line `SPDX-License-Identifier: Apache-2.0`
(REUSE/SPDX convention), in its own comment syntax: first line, or the second after a `#!`.

    scripts/spdx.py           lists the files without it; exit status 1 if there are any
                              (77 outside a git checkout: ctest's "skipped")
    scripts/spdx.py --fix     adds it to them

The files are git's (`git ls-files`) whose kind is known below; data (fuzz corpora, images),
Markdown, the licence itself and formats without comments (the Debian changelog template)
are left out. ctest runs the check (test `spdx_lines`), so a new file without it fails CI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import List, Optional

IDENTIFIER = "SPDX-License-Identifier: Apache-2.0"
ROOT = Path(__file__).resolve().parent.parent

# File name ending -> the comment that carries the identifier.
COMMENTS = {
    ".cpp": "// ", ".hpp": "// ", ".h": "// ",
    ".py": "# ", ".pyi": "# ", ".sh": "# ", ".cmake": "# ", "CMakeLists.txt": "# ",
    ".pc.in": "# ", ".cmake.in": "# ", ".toml": "# ", ".bash-completion": "# ",
    ".ci/run": "# ", ".clang-format": "# ", ".clang-tidy": "# ", "Doxyfile": "# ",
    ".gitignore": "# ", "stubtest-allowlist.txt": "# ", ".1": '.\\" ',
}


def comment_for(path: str) -> Optional[str]:
    for ending, comment in COMMENTS.items():
        if path.endswith(ending):
            return comment
    return None


def tracked_files() -> Optional[List[str]]:
    """The files to check, or None outside a git checkout (an unpacked sdist)."""
    try:
        listed = subprocess.run(["git", "ls-files"], cwd=ROOT, check=True, capture_output=True,
                                text=True).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        return None
    return [path for path in listed if path and comment_for(path) is not None
            and not path.startswith("fuzz/corpus/") and (ROOT / path).is_file()]


def has_identifier(text: str) -> bool:
    return IDENTIFIER in "\n".join(text.split("\n")[:3])


def with_identifier(text: str, comment: str) -> str:
    line = comment + IDENTIFIER + "\n"
    if text.startswith("#!"):
        first, _, rest = text.partition("\n")
        return first + "\n" + line + rest
    return line + text


def main(arguments: List[str]) -> int:
    fix = arguments == ["--fix"]
    if arguments and not fix:
        print(__doc__)
        return 2
    files = tracked_files()
    if files is None:
        print(f"{ROOT} is not a git checkout: nothing to check")
        return 77
    missing = []
    for path in files:
        file = ROOT / path
        text = file.read_text(encoding="utf-8")
        if has_identifier(text):
            continue
        missing.append(path)
        if fix:
            comment = comment_for(path)
            assert comment is not None
            file.write_text(with_identifier(text, comment), encoding="utf-8")
    verb = "added to" if fix else "missing from"
    for path in missing:
        print(f"{IDENTIFIER} {verb} {path}")
    if not fix and missing:
        print(f"{len(missing)} files without it: scripts/spdx.py --fix adds it")
    return 1 if missing and not fix else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
