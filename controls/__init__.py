"""The catalogue, requirements, comply-or-explain answers and their rules. Knows nothing of Flask."""
