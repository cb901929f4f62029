"""The public JSON API, health check and machine-readable descriptions."""
