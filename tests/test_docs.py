"""Every CLI command, option and setting is documented; settings load and validate."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import typer

from newsprism import settings
from newsprism.cli import app
from newsprism.errors import SettingsError
from tests.conftest import ROOT

DOCS = ROOT / "docs"


def test_cli_documented() -> None:
    text = (DOCS / "cli.md").read_text()
    group = typer.main.get_command(app)
    commands = getattr(group, "commands", {})
    assert {
        "compare",
        "clean",
        "ingest",
        "export",
        "drops",
        "quotes",
        "serve",
        "stories",
        "show",
    } <= set(commands)
    for name, cmd in commands.items():
        assert f"`newsprism {name}" in text, f"command {name} is not in docs/cli.md"
        for param in cmd.params:
            for opt in param.opts:
                if opt.startswith("-"):
                    assert f"`{opt}`" in text or f"`{opt} " in text, f"{name} {opt} undocumented"


@pytest.mark.parametrize(
    "cls", [settings.CleanConfig, settings.AlignConfig, settings.ClusterConfig]
)
def test_settings_documented(
    cls: type[settings.CleanConfig] | type[settings.AlignConfig] | type[settings.ClusterConfig],
) -> None:
    text = (DOCS / "settings.md").read_text()
    for f in dataclasses.fields(cls):
        assert f"| `{f.name}` | {str(f.default).lower()} |" in text, f.name


def test_settings_from_toml_and_env(tmp_path: Path) -> None:
    toml = tmp_path / "newsprism.toml"
    toml.write_text("[align]\nparaphrase_min_cosine = 0.9\nmin_words = 5\n")
    cfg = settings.load(settings.AlignConfig, toml, env={"NEWSPRISM_ALIGN_MIN_WORDS": "6"})
    assert cfg.paraphrase_min_cosine == 0.9 and cfg.min_words == 6
    with pytest.raises(SettingsError, match="no setting 'bogus'"):
        toml.write_text("[clean]\nbogus = 1\n")
        settings.load(settings.CleanConfig, toml, env={})
    with pytest.raises(SettingsError, match="detect_language"):
        settings.load(
            settings.CleanConfig,
            tmp_path / "none.toml",
            {"NEWSPRISM_CLEAN_DETECT_LANGUAGE": "maybe"},
        )


def test_optional_cluster_settings(tmp_path: Path) -> None:
    toml = tmp_path / "newsprism.toml"
    toml.write_text("[cluster]\nwindow_days = 5\nthreshold = 0.5\n")
    cfg = settings.load(
        settings.ClusterConfig, toml, env={"NEWSPRISM_CLUSTER_MODEL_PATH": "m.json"}
    )
    assert (cfg.window_days, cfg.threshold, cfg.model_path) == (5, 0.5, "m.json")
    assert (
        settings.load(
            settings.ClusterConfig, toml, env={"NEWSPRISM_CLUSTER_THRESHOLD": "none"}
        ).threshold
        is None
    )
    with pytest.raises(SettingsError, match=r"cluster\.merge_threshold"):
        settings.load(settings.ClusterConfig, toml, env={"NEWSPRISM_CLUSTER_MERGE_THRESHOLD": "x"})
