"""kongtun.cli — the ``kongtun`` command: thin click commands over kongtun.ledger."""
