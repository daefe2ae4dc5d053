"""kongtun.templates — the Jinja2 templates and stylesheet shared by Fava and the CLI."""
