"""One module per YAML check kind: its parameter model, its function and ``KIND`` for the registry."""
