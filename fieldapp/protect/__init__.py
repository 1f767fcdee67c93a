"""The child-safe interview protocol (no Qt): the rules a form declares with its `fieldapp:` attributes, and the
safeguarding actions (privacy switch PIN, pause, withdrawal, distress, declines) the interview runner carries out."""
