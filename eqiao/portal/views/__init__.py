"""The citizen pages, one module per journey: home and services, submitting, tracking and
the petition's status, phone login."""
