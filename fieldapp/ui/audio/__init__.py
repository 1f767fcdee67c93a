"""Recording sound from the laptop's microphone: the recorder, the Record audio mode of a form."""
