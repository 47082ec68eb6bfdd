"""Profiles: shipped ones load; select/ignore by code, family and tag; overrides; errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from rules.base import build_form

from jixiao.review import review
from jixiao.rules.context import ProfileError, load_profile, profile_from_dict


def _codes(report_forms: list[object]) -> set[str]:
    return {f.code for form in report_forms for f in form.findings}  # type: ignore[attr-defined]


def test_shipped_profiles_load() -> None:
    assert load_profile("national-88").framework == "88"
    assert load_profile("shanghai-2025").framework == "2025"


def test_select_and_ignore_by_code_family_and_tag() -> None:
    form = build_form({"implementing_unit": None, "overall_goal": None})
    assert _codes(review([form], select=["REQ001"]).forms) == {"REQ001"}
    assert _codes(review([form], select=["REQ"], ignore=["REQ002"]).forms) == {"REQ001"}
    assert _codes(review([form], select=["goal"]).forms) == {"REQ002"}


def test_severity_override_and_threshold(tmp_path: Path) -> None:
    toml = tmp_path / "p.toml"
    toml.write_text(
        '[profile]\nname = "t"\n[severity]\nREQ001 = "warning"\n[thresholds]\nmin_indicators = 4\n',
        "utf-8",
    )
    profile = load_profile(str(toml))
    form = build_form({"implementing_unit": None})
    [finding] = [f for f in review([form], profile=profile, select=["REQ001"]).forms[0].findings]
    assert finding.severity == "warning"
    assert profile.threshold("min_indicators") == 4
    assert profile.threshold("satisfaction_floor") == 85


def test_bad_profiles_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="未知的审核口径"):
        load_profile("no-such-profile")
    with pytest.raises(ProfileError, match="未知的阈值"):
        profile_from_dict({"thresholds": {"nonsense": 1}})
    with pytest.raises(ProfileError, match="未知的节"):
        profile_from_dict({"rulez": {}})
    broken = tmp_path / "broken.toml"
    broken.write_text("[profile\n", "utf-8")
    with pytest.raises(ProfileError, match="格式错误"):
        load_profile(str(broken))
