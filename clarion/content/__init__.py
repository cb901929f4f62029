"""Editorial pages and the campaign's reference data, loaded from a content pack."""
