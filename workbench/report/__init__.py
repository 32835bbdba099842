"""Report rendering: chapter notebooks to self-contained HTML, and the study's index page."""
