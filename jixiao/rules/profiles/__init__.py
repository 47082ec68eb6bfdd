"""Shipped review profiles (TOML)."""
