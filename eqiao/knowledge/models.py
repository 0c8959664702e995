"""Laws, articles, FAQ entries and the colloquial-to-legal vocabulary."""
