"""The campaign's people: areas, staff roles, volunteers, schools and certificates."""
