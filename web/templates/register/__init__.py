"""Package data (setuptools ships it with the `web` package); no code."""
