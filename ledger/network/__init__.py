"""The network of funds: each fund's monthly summary, the roll-up by area, the closes' witness."""
