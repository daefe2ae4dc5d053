"""Years: carrying a year's closing balances and look-back records into the next year's file.

The top layer of the model: it may read every layer below; none reads it.
"""
