"""Settings place: app language, questionnaire language default, text size, idle lock."""
