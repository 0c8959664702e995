"""What releases, legal documents, bribery-record queries and people's supervisors register
at start-up."""


def register() -> None:
    """Capabilities, audit action names, SMS templates and jobs of the disclosure records."""
