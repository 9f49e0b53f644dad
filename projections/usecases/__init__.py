"""Use cases tying the store, the read models and the engine: rulebook in force, scorecards, publish, audit."""
