"""The live hub: event logs, clocks, fan-out of contest state to tablets and scoreboards."""
