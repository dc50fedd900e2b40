"""Order of competition (pure): contests spread over fields and sessions with rest kept."""
