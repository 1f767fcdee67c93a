"""The engine: a Form's compiled model (dependency graph), recalculation, actions, repeats, values, choices, texts, submission XML."""
