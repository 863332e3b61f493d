"""The command line: arguments, commands, history and serve."""
