"""Commands for rule authors: `rules list`, `rules show ID` and `init` (a starter folder
of house rules with a rule, its lexicon and its own test)."""

from __future__ import annotations

import difflib
from pathlib import Path

import click
import yaml

from factcheck.cli.settings import ConfigError, load_config
from factcheck.cli.shared import fail, rule_options, rule_path_list, rules_or_exit
from factcheck.rulebook.rules import RuleSet, as_data


def _rules_check_runs(rule_paths, no_bundled: bool) -> RuleSet:
    """The rules `check` would run here: --rules, else the settings file's `rules`."""
    if not rule_paths:
        try:
            settings = load_config().values
        except ConfigError as error:
            fail(str(error))
        rule_paths = settings.get("rule_paths", ())
        no_bundled = no_bundled or settings.get("no_bundled_rules", False)
    return rules_or_exit(rule_path_list(rule_paths, no_bundled))


@click.command("list")
@rule_options
def list_rules(rule_paths, no_bundled_rules):
    """List the rules `check` runs (the bundled pack, and --rules or the settings file's
    rules): id, kind, severity, how many examples each carries, and what it checks."""
    rule_set = _rules_check_runs(rule_paths, no_bundled_rules)
    width = max((len(rule.id) for rule in rule_set.rules), default=0)
    for rule in rule_set.rules:
        tests = f"{len(rule.tests)} test{'' if len(rule.tests) == 1 else 's'}"
        click.echo(
            f"{rule.id:<{width}}  {rule.kind:<13}  {rule.severity:<7}  {tests:<7}  "
            f"{rule.description}"
        )
    click.echo(f"{len(rule_set.rules)} rules in {len(rule_set.files)} files")


@click.command("show")
@click.argument("rule_id", metavar="ID")
@rule_options
def show_rule(rule_id, rule_paths, no_bundled_rules):
    """Show one rule as `check` reads it: every key, defaults filled in, unit names in
    the reader's spelling; then its examples' names."""
    rule_set = _rules_check_runs(rule_paths, no_bundled_rules)
    by_id = {rule.id: rule for rule in rule_set.rules}
    rule = by_id.get(rule_id)
    if rule is None:
        close = difflib.get_close_matches(rule_id, list(by_id), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else "; `factcheck rules list` lists them"
        fail(f"no rule '{rule_id}'{hint}")
    data = as_data(rule, drop_none=True)
    del data["tests"]
    click.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True).rstrip())
    names = [test.name or f"example {n}" for n, test in enumerate(rule.tests, 1)]
    click.echo(f"# tests: {', '.join(names)}" if names else "# tests: none")


STARTER_RULES = """\
# House rules: checks the bundled pack lacks. `factcheck rules test {folder}` runs the
# examples under `tests:`; `factcheck check ARTICLES --rules {folder}` applies the rules.
# The rule language is described in factcheck's docs/rules.md.
lexicon:
  topics:
    turnout: [turnout]
rules:
  - id: house.turnout
    kind: agreement
    description: Articles on one election agree on its turnout.
    select: {{type: quantity, unit: [percent], topic: [turnout]}}
    group_by: [topic, unit]
    tolerance: {{points: 0.5}}
    severity: warning
    message: "{{doc}} puts turnout at {{value}}, against {{others}}"
    tests:
      - name: two turnouts cannot both be right
        documents:
          - "Turnout was [[48.2 percent]], the electoral commission said."
          - "Turnout reached [[52 percent]], up from the last election."
        expect: finding
      - name: a rounded figure agrees with the exact one
        documents:
          - "Turnout was 48.2 percent, the electoral commission said."
          - "Turnout was 48 percent."
        expect: none
"""
STARTER_SETTINGS = """\
# factcheck settings: the keys are `factcheck check`'s long options.
rules = ["{folder}"]
"""


@click.command()
@click.argument("folder", default="house-rules", type=click.Path(path_type=Path))
def init(folder: Path):
    """Start a folder of house rules: FOLDER/house.yaml (a rule, its lexicon and its
    tests) and, where there is none, a factcheck.toml that applies them to every check."""
    rules_file = folder / "house.yaml"
    if rules_file.exists():
        fail(f"{rules_file} exists; init writes only new files")
    folder.mkdir(parents=True, exist_ok=True)
    rules_file.write_text(STARTER_RULES.format(folder=folder.as_posix()), encoding="utf-8")
    click.echo(f"wrote {rules_file}")
    settings = Path("factcheck.toml")
    if not settings.exists():
        settings.write_text(STARTER_SETTINGS.format(folder=folder.as_posix()), encoding="utf-8")
        click.echo(f"wrote {settings}")
    click.echo(f"next: factcheck rules test {folder.as_posix()}")
