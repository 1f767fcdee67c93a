"""Question widgets: one class per file, chosen by (question type, appearance) from the registry."""
