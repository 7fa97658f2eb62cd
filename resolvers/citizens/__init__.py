"""Residents' own accounts for the PC site and the phone: register, log in, see their cases."""
