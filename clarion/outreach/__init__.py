"""Speaking to members: newsletters, milestone announcements and event
invitations, sent to a segment through the outbox, stopped by one click."""
