"""FieldApp ui layer."""
