"""The queue: tickets (取号), window sign-in and calls (叫号), the hall board's events."""
