"""What the public creates: image messages and letters, one moderation queue, the gallery."""
