"""Tests of kongtun.ledger."""
