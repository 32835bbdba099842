"""Chapter renderers: each module turns one chapter's computed results into HTML (no computing)."""
