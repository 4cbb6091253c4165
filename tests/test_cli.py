from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import geo.validate
from geo.cli import (
    EXIT_AUTHORED,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_SOFTWARE,
    EXIT_SOURCE,
    EXIT_USAGE,
    main,
)
from tests.cli_runner import error_lines
from tests.conftest import ROOT


def _subcommand_help(command: str, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as stopped:
        main([command, "--help"])
    assert stopped.value.code == EXIT_OK
    return capsys.readouterr().out


def test_help_shows_examples_settings_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "geo", "build", "--help"],
        check=True,
        capture_output=True,
        text=True,
    )
    text = result.stdout
    examples = text.split("examples:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    settings = text.split("settings:\n", 1)[1].split("\n\n", 1)[0]
    exit_codes = text.split("exit codes:\n", 1)[1]
    # the exit codes listed are the README's table
    listed = [int(code) for code in re.findall(r"(?:^|\s{2})(\d+) [a-z]", exit_codes, re.M)]
    assert listed == _readme_exit_codes()
    # the data folder setting is named, with the option it stands for
    assert re.search(r"^\s+THANH_LIEM_DATA_DIR\s.*--data-dir", settings, re.M)
    # every example runs a command that exists, with options and values that command takes
    assert len(examples) >= 5
    for example in examples:
        words = example.split()
        assert words[0] == "thanh-liem-map", example
        usage = _subcommand_help(words[1], capsys)
        for word, following in zip(words[2:], [*words[3:], ""], strict=True):
            if word.startswith("--"):
                assert word in usage, (example, word)
                choices = re.search(rf"{re.escape(word)} \{{([\w,]+)\}}", usage)
                if choices:
                    assert following in choices.group(1).split(","), (example, word)


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["draw"])
    assert caught.value.code == EXIT_USAGE
    assert "invalid choice: 'draw'" in capsys.readouterr().err


def test_validate_passes_on_built_layers(
    layers_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--layers-dir", str(layers_dir)]) == EXIT_OK
    assert "every layer" in capsys.readouterr().out


def test_validate_lists_every_problem(
    layers_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "layers"
    shutil.copytree(layers_dir, broken)
    roads = json.loads((broken / "roads.geojson").read_text(encoding="utf-8"))
    roads["crs"] = {"type": "name", "properties": {"name": "EPSG:32648"}}
    roads["features"][1]["properties"]["source"] = ""
    (broken / "roads.geojson").write_text(json.dumps(roads), encoding="utf-8")
    areas = json.loads((broken / "industrial_areas.geojson").read_text(encoding="utf-8"))
    kcn = areas["features"][0]
    kcn["geometry"]["coordinates"] = [105.85, 20.30]  # far south of Phủ Lý
    (broken / "industrial_areas.geojson").write_text(json.dumps(areas), encoding="utf-8")
    (broken / "admin_2025.geojson").unlink()

    assert main(["validate", "--layers-dir", str(broken)]) == EXIT_INVALID
    out = capsys.readouterr().out
    assert "admin_2025: file missing" in out
    assert "roads: has a 'crs' member" in out
    assert "roads/t1: properties/source: '' should be non-empty" in out
    assert "industrial_areas/kcn_thanh_liem:" in out
    assert "more than its accuracy of 750 m" in out


# --- every exit code of the README's table, each with one real trigger -----------------------


def _readme_exit_codes() -> list[int]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("| code | meaning |", 1)[1].split("\n\n", 1)[0]
    return [int(code) for code in re.findall(r"^\| (\d+) \|", table, flags=re.MULTILINE)]


def _unexpected_fault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    def broken(_folder: Path) -> list[str]:
        msg = "an unforeseen fault\nwith a second line"
        raise RuntimeError(msg)

    monkeypatch.setattr(geo.validate, "validate_folder", broken)
    return ["validate", "--layers-dir", str(tmp_path)]


def _blocked_output(tmp_path: Path, _monkeypatch: pytest.MonkeyPatch) -> list[str]:
    (tmp_path / "a-file").write_text("a file where a folder should be", encoding="utf-8")
    return ["build", "--layers-only", "--layers-dir", str(tmp_path / "a-file" / "layers")]


TRIGGERS: dict[int, Callable[[Path, pytest.MonkeyPatch], list[str]]] = {
    EXIT_OK: lambda _tmp, _patch: ["sources"],
    EXIT_INVALID: lambda tmp, _patch: ["validate", "--layers-dir", str(tmp)],
    EXIT_USAGE: lambda _tmp, _patch: ["build", "--crs", "mars"],
    EXIT_SOURCE: lambda tmp, _patch: ["sources", "--data-dir", str(tmp)],
    EXIT_AUTHORED: lambda tmp, _patch: [
        *("build", "--authored-dir", str(tmp / "nowhere")),
        *("--layers-dir", str(tmp / "layers"), "--output-dir", str(tmp / "output")),
    ],
    EXIT_OUTPUT: _blocked_output,
    EXIT_SOFTWARE: _unexpected_fault,
}
"""Command-line arguments that end with each exit code (after setting up what they need)."""


@pytest.mark.parametrize("code", _readme_exit_codes())
def test_each_exit_code_of_the_readme_has_a_trigger_and_one_line(
    code: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = TRIGGERS[code](tmp_path, monkeypatch)
    try:
        returned = main(args)
    except SystemExit as stopped:  # argparse
        returned = int(stopped.code or 0)
    assert returned == code
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(error_lines(err)) == (0 if code == EXIT_OK else 1), err


def test_the_readme_lists_every_exit_code() -> None:
    codes = [EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_SOURCE, EXIT_AUTHORED, EXIT_OUTPUT]
    assert _readme_exit_codes() == [*codes, EXIT_SOFTWARE]


def test_an_unexpected_error_asks_to_be_reported(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(_folder: Path) -> list[str]:
        raise ZeroDivisionError(0)

    monkeypatch.setattr(geo.validate, "validate_folder", broken)
    assert main(["validate"]) == EXIT_SOFTWARE
    assert capsys.readouterr().err == (
        "internal error: ZeroDivisionError: 0. This is a bug: please report it with the command "
        "you ran (set THANH_LIEM_DEBUG=1 to see the traceback)\n"
    )
    monkeypatch.setenv("THANH_LIEM_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main(["validate"])


def test_a_message_from_data_stays_on_one_line(
    authored_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = authored_copy.rename(tmp_path / "auth\nored\u2028\x1b[2J")
    (hostile / "roads.csv").unlink()
    args = ["build", "--layers-only", "--layers-dir", str(tmp_path / "layers")]
    assert main([*args, "--authored-dir", str(hostile)]) == EXIT_AUTHORED
    (line,) = error_lines(capsys.readouterr().err)
    assert line.endswith("/auth\\nored\\u2028\\x1b[2J/roads.csv")
