"""FieldApp: offline, child-safe survey interviews from XLSForms."""

__version__ = "0.1.0"
