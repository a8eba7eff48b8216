"""The public web guide for newcomers at /<region>/<language>/ (no log-in)."""
