"""What a doctor may not publish: deontology, privacy and the Ordre's 2025 charter, checked on what is said, written and shown."""
