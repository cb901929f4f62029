"""Contests and exhibitions: rules and dates per language, categories, entries
(with a guardian's consent for minors), a jury that scores in the admin, results,
the online exhibition, and physical exhibitions linked to events."""
