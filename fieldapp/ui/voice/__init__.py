"""Reading labels aloud: the form's recorded audio, else the system voice."""
