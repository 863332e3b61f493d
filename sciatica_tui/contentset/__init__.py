"""Reading content/: the schema, the loader, the cross-checks and the validated-content cache."""
