"""Categories (pure): templates per sport, and whether an athlete fits a category."""
