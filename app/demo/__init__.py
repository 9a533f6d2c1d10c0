"""The demo council (Elmsworth Borough Council, fictional) and the command
that loads it: `flask --app wsgi demo-data`."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.demo.cli import bp

    app.register_blueprint(bp)
