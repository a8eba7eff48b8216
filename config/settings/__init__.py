"""Settings: `base` holds what every environment shares; pick one of
`development`, `production` or `test` with DJANGO_SETTINGS_MODULE.

`manage.py`, wsgi and asgi default to production, so DEBUG is only ever on when
development is chosen explicitly (`make run` does that).
"""
