"""Running a tournament: categories, registration, weigh-in, draws, brackets and the order of competition."""
