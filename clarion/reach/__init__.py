"""The campaign beyond its own pages: embeds for partner sites, share links and
the campaign's progress drawn as charts (server-side SVG)."""
