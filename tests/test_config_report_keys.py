"""askel.toml's report keys: a project's Finnish lead name and the project plan's targets."""

from __future__ import annotations

import pytest

from askel.config import DEFAULT_PROJECTS, ConfigError, load_config

PROJECT = """
[[projects]]
code = "S21001"
lead = "City of Kuopio"
start = 2019-05-01
end = 2022-04-30
"""


def _load(tmp_path, text: str):
    path = tmp_path / "askel.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_targets_are_read_in_catalogue_order_with_participants_as_total(tmp_path):
    config = _load(
        tmp_path,
        PROJECT + 'lead_fi = "Kuopion kaupunki"\ntarget_participants = 250\n'
        "[projects.targets]\nCR06 = 70\nCO02 = 40\n",
    )
    (project,) = config.projects
    assert project.lead_fi == "Kuopion kaupunki"
    assert project.targets == (("TOTAL", 250), ("CO02", 40), ("CR06", 70))
    assert project.target_participants == 250


def test_targets_total_alone_sets_the_participant_target(tmp_path):
    (project,) = _load(tmp_path, PROJECT + "[projects.targets]\nTOTAL = 300\n").projects
    assert project.target_participants == 300 and project.targets == (("TOTAL", 300),)


def test_no_targets_and_the_seed_pair_has_finnish_leads(tmp_path):
    (project,) = _load(tmp_path, PROJECT).projects
    assert project.targets == () and project.target_participants is None
    assert project.lead_fi == ""
    assert [p.lead_fi for p in DEFAULT_PROJECTS] == [
        "Kuopion kaupunki",
        "työ- ja elinkeinohallinto",
    ]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("[projects.targets]\nCR99 = 5\n", "projects.S21001.targets.CR99 is not an indicator code"),
        ("[projects.targets]\nCR04 = 0\n", "projects.S21001.targets.CR04 must be a whole number"),
        ('[projects.targets]\nCR04 = "60"\n', "must be a whole number of at least 1"),
        ("[projects.targets]\nCR04 = 6.5\n", "must be a whole number of at least 1"),
        ("target_participants = 250\n[projects.targets]\nTOTAL = 200\n", "disagree"),
        ("targets = 5\n", "must be a table of indicator code = target"),
    ],
)
def test_a_bad_target_is_a_configuration_error(tmp_path, extra, message):
    with pytest.raises(ConfigError, match=message):
        _load(tmp_path, PROJECT + extra)
