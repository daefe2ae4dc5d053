"""Tests of kongtun.plugins."""
