"""The provincial hub: receives counters' events and hands out the downstream feed."""
