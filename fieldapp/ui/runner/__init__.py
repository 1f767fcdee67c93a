"""The interview runner: one screen at a time, hierarchy jumps, repeats, language switch, finalize, save-and-exit."""
