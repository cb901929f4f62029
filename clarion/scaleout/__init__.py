"""Scale-out: several web nodes and workers behind nginx on PostgreSQL and Redis,
an optional read replica, and a friendly answer while the database is away."""
