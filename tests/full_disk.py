"""Run a build on a small tmpfs that fills up: ``python tests/full_disk.py SPEC.json``.

Run inside a private mount namespace (``unshare -m --propagation private``): it mounts a tmpfs
of the given size on the given folder, copies a previous build into it, runs
``python -m geo build`` there and prints, as JSON, the exit code, standard error and the
SHA-256 of every file left on the tmpfs (which disappears with the namespace).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path


def main() -> None:
    """Mount, copy, build, report."""
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    disk = Path(spec["disk"])
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={spec['size_kb']}k", "tmpfs", str(disk)], check=True
    )
    shutil.copytree(spec["previous"], disk, dirs_exist_ok=True)
    build = subprocess.run(
        [sys.executable, "-m", "geo", "build", *spec["args"]],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    files = {
        str(path.relative_to(disk)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(disk.rglob("*"))
        if path.is_file()
    }
    hidden = sorted(str(p.relative_to(disk)) for p in disk.rglob(".*"))
    report = {"code": build.returncode, "stderr": build.stderr, "files": files, "hidden": hidden}
    print(json.dumps(report))  # noqa: T201


if __name__ == "__main__":
    main()
