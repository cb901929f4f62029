"""Events organised by volunteers: proposals, approval, materials, calendar, RSVP and reports."""
