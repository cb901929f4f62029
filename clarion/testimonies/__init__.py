"""Supporters' voices: video and sound testimonies (checked, moderated in the
one queue), links to videos elsewhere, and survivors' testimonies from
published sources, in a gallery per language."""
