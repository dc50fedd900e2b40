"""Accounts, roles, API tokens and password login (the ground floor: every domain uses them)."""
