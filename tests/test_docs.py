"""The README keeps its promises: every setting documented, the two commands present."""

from __future__ import annotations

from conftest import ROOT

from web.settings import PREFIX, SETTINGS

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented_in_the_readme():
    missing = [s.name for s in SETTINGS if f"`{PREFIX}{s.name}`" not in README]
    assert not missing, f"settings missing from README: {missing}"


def test_readme_names_the_serve_and_test_commands_that_exist():
    for script in ("scripts/serve.sh", "scripts/test.sh"):
        assert f"bash {script}" in README
        assert (ROOT / script).is_file()


def test_ci_runs_the_readme_test_command():
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_has_the_glossary_terms_used_in_code():
    for term in ("Điều", "Khoản", "Điểm", "Chương", "Phụ lục", "số hiệu", "căn cứ", "kiến nghị"):
        assert term in README, term
