"""What the case records, their import and the progress query register at start-up."""


def register() -> None:
    """Capabilities, audit action names, SMS templates and jobs of cases and lawyers."""
