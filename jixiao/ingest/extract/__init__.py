"""Extractors: form chunks → contract records (project and unit forms)."""
