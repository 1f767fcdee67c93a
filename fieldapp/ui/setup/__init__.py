"""Getting in: the first-run set-up (passphrase, recovery code) and the unlock screen."""
