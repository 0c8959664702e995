"""Resources, opening hours, slots and bookings (lawyers' file review, meetings, reception days)."""
