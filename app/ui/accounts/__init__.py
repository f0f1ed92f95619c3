"""Who works at the counter: sign-in, lock, the first administrator and the accounts list."""
