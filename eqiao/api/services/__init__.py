"""What the API does beyond parsing and serialising: its clients and keys, filing and
following up petitions for them, and how an API caller is counted by the shared lookup
budgets (`intake.services.access`)."""
