"""Importers that bring existing guide content into a region through ``guide.services``."""
