"""Tests of kongtun.cli."""
