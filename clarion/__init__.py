"""Clarion: a self-hosted platform for international civic awareness campaigns."""
