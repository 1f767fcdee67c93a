"""FieldApp store layer."""
