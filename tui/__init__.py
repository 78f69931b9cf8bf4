"""hubreader: a terminal reader for a research knowledge base about RL and reasoning training."""
