"""FieldApp xform layer."""
