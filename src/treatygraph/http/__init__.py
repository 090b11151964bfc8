"""The HTTP layer: ``treatygraph.http.app.create_app(settings, store=None)`` builds the FastAPI app."""
