"""The rule language: rule files, their schema, lexicon and tests, loaded and checked."""
