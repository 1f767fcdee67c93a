"""FieldApp protect layer."""
