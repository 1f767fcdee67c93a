"""The main window: a thin shell that holds the places (Forms, Interviews, Settings) and the interview runner."""
