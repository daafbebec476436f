"""Terreau: observatoire territorial participatif."""
