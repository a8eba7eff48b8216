"""The Integreat-compatible read API at /api/v3/: the routes, field names and shapes of
Integreat CMS's API v3, so that the Integreat app and partner sites can read Wegweiser.
Every GET answer is precomputed through ``wegweiser.api.cache``."""
