"""The Chinese text engine. No Django imports: usable and benchmarked on its own."""
