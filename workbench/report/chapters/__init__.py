"""Chapter renderers: computed results in, HTML and figures out; nothing here computes a statistic."""
