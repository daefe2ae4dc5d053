"""kongtun's tests (kongtun.tests): they mirror the packages."""
