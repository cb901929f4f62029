"""Every mail the platform sends: stored with its cause, sent once by a task."""
