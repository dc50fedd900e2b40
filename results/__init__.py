"""Results: standings per category, the medal table, result documents and their signatures."""
