"""The press room: press releases (embargo, own feed), a press contact that
reaches the coordinator, and the coverage volunteers obtained."""
