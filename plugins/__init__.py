"""kongtun.plugins — what Beancount and Fava load; thin adapters over kongtun.ledger."""
