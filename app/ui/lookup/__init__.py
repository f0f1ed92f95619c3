"""The lookup screen (Tra cứu): filters, the lazy dossier table and the detail dialog."""
