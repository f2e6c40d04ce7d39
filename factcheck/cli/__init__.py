"""The command line: commands, settings files and progress."""
