"""Pure rules of the counter: no I/O, no Qt. Everything here is deterministic given its inputs."""
