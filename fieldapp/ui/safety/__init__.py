"""Safety controls of the interview: privacy switch, break, distress, stop and withdraw, declines (SAFEGUARDING.md)."""
