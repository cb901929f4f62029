"""The static mirror: the public site written as files any static host (or a
USB stick) serves, for where the primary site is blocked."""
