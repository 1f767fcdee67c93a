"""FieldApp exchange layer."""
