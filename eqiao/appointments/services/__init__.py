"""Services of the appointments app: resources and their hours (`resources`), booking,
cancelling and rescheduling (`booking`), and what staff and the clock do to a booking
(`handling`)."""
