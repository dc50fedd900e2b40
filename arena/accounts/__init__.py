"""Accounts, roles, API tokens and password login of the hall."""
