"""CLI subcommands, one module each (see treatygraph.cli)."""
