"""Backups of an installation and their restore (``arena backup``, ``arena restore``; docs/operations.md).

``snapshot`` takes one while the server runs (the database first, then the stores), ``restore``
writes it into an empty data folder only after every file matched its ``manifest``, and
``checks`` reads the result back through the domains (hash chains, stored files, the CA).
"""
