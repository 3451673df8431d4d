"""The learned cue detector (newsprism.quotes_learned): the shipped model loads, finds a cue
that no word list has, adds nothing without a model, and needs no scikit-learn at run time."""

from __future__ import annotations

import subprocess
import sys

import pytest

from newsprism.errors import NewsprismError
from newsprism.quotes import extract
from newsprism.quotes_learned import MODEL_NAME, CueModel, default_model, use_model

BACKING = "Senator Bernie Sanders is backing a plan to raise the minimum wage to 15 dollars."


def test_the_shipped_model_loads_and_says_what_it_was_trained_on() -> None:
    model = default_model()
    assert model.name == MODEL_NAME
    assert 0.0 < model.threshold < 1.0
    assert len(model.weights) > 100
    assert "dev half only" in model.training["data"]


def test_a_cue_outside_the_word_lists_is_found() -> None:
    with use_model(None):
        assert not extract(BACKING).quotes  # "back" is in no rule list
    (q,) = extract(BACKING).quotes
    assert q.kind == "indirect"
    assert q.cue == "backing"
    assert q.text == "a plan to raise the minimum wage to 15 dollars"
    assert q.speaker_mention == "Senator Bernie Sanders"


def test_a_model_file_of_another_layout_is_refused() -> None:
    with pytest.raises(NewsprismError):
        CueModel.from_json(b'{"name": "x", "format": 99}')
    model = default_model()
    again = CueModel.from_json(model.to_json().encode())
    assert again.weights == model.weights and again.threshold == model.threshold


def test_extraction_does_not_import_sklearn() -> None:
    code = (
        "import sys\n"
        "from newsprism.quotes import extract\n"
        f"extract({BACKING!r})\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'sklearn'], 'sklearn imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
