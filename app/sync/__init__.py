"""The sync client for the provincial hub (issue 4): uploads the outbox, applies downstream."""
