"""What the API does beyond parsing and serialising: its clients and keys, filing and
following up petitions for them, the public lookup's budgets, and inbound SMS."""
