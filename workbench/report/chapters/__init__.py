"""Renderers of the report chapters: each module takes computed results and returns display objects."""
