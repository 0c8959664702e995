"""What the API does beyond parsing and serialising: its clients and keys, filing and
following up petitions for them, and the public lookup's budgets."""
