"""Sound recorded on this laptop: plain WAV files and the tone that stands in for a microphone in tests (no Qt)."""
