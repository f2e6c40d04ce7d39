"""The rule-set cache (rulebook/cache.py): what it gives back is what loading the files
gives, whatever the rules are made from changes its key, and a start that reads its
rules from it imports neither the loader nor pydantic."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

from conftest import LOCAL_RULE, ROOT
from pydantic_core import PydanticUndefined

from factcheck.rulebook import cache, language, loading, rules
from factcheck.rulebook.files import bundled_rules_dir, rule_files
from factcheck.rulebook.yamlfile import read_yaml

EXAMPLES = ROOT / "examples" / "rules"
RATES = """
rates:
  base: EUR
  as_of: 2025-09-04
  source: ECB euro reference rates
  values: {USD: 1.08}
"""


def test_a_cached_rule_set_is_the_loaded_one(tmp_path, monkeypatch):
    """Written on the first start, read back on the second without loading a file, and
    equal to what the loader gives: rules, lexicon, files and rates."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    house = tmp_path / "house.yaml"
    house.write_text(LOCAL_RULE + RATES)
    paths = [bundled_rules_dir(), EXAMPLES, house]
    loaded = loading.load_rules(paths)
    assert cache.cached_rules(paths) == loaded
    assert list((tmp_path / "cache" / "factcheck").glob("rules-*.pickle"))

    def no_loading(paths):
        raise AssertionError("loaded again, not read from the cache")

    monkeypatch.setattr(loading, "load_rules", no_loading)
    read = cache.cached_rules(paths)
    assert read == loaded
    assert read.rates is not None and read.rates.per_base()["USD"] == 1.08


def test_a_cached_rule_set_follows_its_files(tmp_path, monkeypatch):
    """An edited rule file is read again, never served stale from the cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    house = tmp_path / "house.yaml"
    house.write_text(LOCAL_RULE)
    first = cache.cached_rules([house])
    assert cache.cached_rules([house]) == first
    house.write_text(LOCAL_RULE.replace("severity: error", "severity: warning"))
    (rule,) = cache.cached_rules([house]).rules
    assert rule.severity == "warning"


def test_another_unit_vocabulary_makes_another_key(tmp_path, monkeypatch):
    """Units in rules are validated and renamed by the vocabulary read from pint's
    definitions: a rule set cached under other definitions is not served."""
    house = tmp_path / "house.yaml"
    house.write_text(LOCAL_RULE)
    before = cache._key([house])
    assert cache._key([house]) == before
    monkeypatch.setattr(cache, "vocabulary_key", lambda: ["units 1", b"", "default_en.txt:1:1"])
    assert cache._key([house]) != before


def test_a_start_with_cached_rules_imports_no_pydantic(tmp_path):
    """`factcheck check` on its second start reads the rule set back without the loader,
    YAML's rule reader or pydantic (a quarter of its start-up); on the first it loads."""
    article = ROOT / "fixtures" / "flood" / "valley-herald.md"
    script = (
        "import sys\n"
        "from factcheck.cli.main import main\n"
        f"sys.argv = ['factcheck', 'check', {str(article)!r}]\n"
        "try:\n"
        "    main()\n"
        "finally:  # the modules the check imported\n"
        "    print(sorted(m for m in sys.modules if m.startswith("
        "('pydantic', 'factcheck.rulebook.l'))), file=sys.stderr)\n"
    )
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    runs = [
        subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
        for _ in range(2)
    ]
    assert [run.returncode for run in runs] == [0, 0]
    assert runs[0].stdout == runs[1].stdout
    assert "factcheck.rulebook.loading" in runs[0].stderr
    assert runs[1].stderr.strip() == "[]"


def _models() -> list[type]:
    """Every model that validates a part of a rule set the checks read (not the file, nor
    its lexicon, which becomes a Lexicon)."""
    found, todo = [], [language._Strict]
    while todo:
        model = todo.pop()
        todo.extend(model.__subclasses__())
        if not model.__name__.startswith("_"):
            found.append(model)
    return [
        m for m in found if m not in (language.RuleFile, language.LexiconSpec, language.MeasureSpec)
    ]


def test_each_compiled_class_has_the_fields_and_defaults_of_its_model():
    names = {model.__name__ for model in _models()}
    assert {"Selector", "Tolerance", "Fact", "Rates", "AgreementRule", "RelationRule"} <= names
    for model in _models():
        made = getattr(rules, model.__name__)
        fields = dataclasses.fields(made)
        assert [f.name for f in fields] == list(model.model_fields), model
        for f in fields:
            info = model.model_fields[f.name]
            if info.default is PydanticUndefined:
                assert f.default is f.default_factory is dataclasses.MISSING, (model, f.name)
            else:
                default = f.default_factory() if f.default is dataclasses.MISSING else f.default
                assert default == language.compiled(info.default), (model, f.name)


def test_compiled_rules_read_and_dump_as_their_models(tmp_path):
    """Every rule of the bundled pack and the examples, and a file's rates, compiled: the
    same JSON as the model dumps (which `rules show` and the rules' version print), key
    for key in the same order, and every selector's claim types."""
    house = tmp_path / "house.yaml"
    house.write_text(LOCAL_RULE + RATES)
    for file in rule_files([bundled_rules_dir(), EXAMPLES, house]):
        data, _ = read_yaml(file)
        rule_file = language.RuleFile.model_validate(data)
        models = [*rule_file.rules, *([rule_file.rates] if rule_file.rates else [])]
        for model in models:
            made = language.compiled(model)
            for drop_none in (False, True):
                dumped = model.model_dump(mode="json", exclude_none=drop_none)
                assert json.dumps(rules.as_data(made, drop_none=drop_none)) == json.dumps(dumped)
            select = getattr(made, "select", None)
            if select is not None:
                named = select.type if isinstance(select.type, list | tuple) else [select.type]
                assert select.types() in (None, frozenset(named))
