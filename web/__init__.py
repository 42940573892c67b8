"""The web app: Flask app factory (web.app.create_app), views, templates, static files.

The only HTTP code of phapquy; with the CLI, the only code that reads settings.
"""
