"""Spanish words for the app (English text -> Spanish), completed by a test that finds every tr() string."""

SPANISH: dict[str, str] = {}
