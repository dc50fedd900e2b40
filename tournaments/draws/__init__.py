"""Draw formats (pure): brackets, pools and start orders as functions of an entry list and a seed."""
