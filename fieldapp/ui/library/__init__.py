"""Forms place: the bundled and imported forms, their versions, and importing a new form from a file."""
