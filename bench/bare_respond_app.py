"""The ceiling for bench/consultation_respond.py: Flask alone taking the same
form POST and saving it to the same PostgreSQL server in one transaction
(a response row and its answers), then redirecting, as the portal's final
"send your response" step does. No sessions, CSRF, templates or inbox: what
is left is the cost of Flask, the form parsing and the database round trips.

Run by the benchmark as ``gunicorn bare_respond_app:app``; BARE_DATABASE_URL
names the database (the benchmark creates its tables).
"""

from __future__ import annotations

import os
import secrets

from flask import Flask, redirect, request
from sqlalchemy import create_engine, text

app = Flask(__name__)
engine = create_engine(os.environ["BARE_DATABASE_URL"], pool_size=4)

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS bare_response (
        id serial PRIMARY KEY, reference varchar(20) UNIQUE NOT NULL,
        submission_key varchar(64) UNIQUE NOT NULL, submitted_at timestamptz DEFAULT now())""",
    """CREATE TABLE IF NOT EXISTS bare_answer (
        id serial PRIMARY KEY, response_id integer REFERENCES bare_response(id),
        question varchar(20), value text)""",
]


@app.post("/respond")
def respond():
    key = request.form.get("submission_key", "")
    answers = [(name, value) for name, value in request.form.items() if name.startswith("q")]
    with engine.begin() as conn:
        response_id = conn.execute(
            text(
                "INSERT INTO bare_response (reference, submission_key) "
                "VALUES (:reference, :key) ON CONFLICT (submission_key) DO NOTHING RETURNING id"
            ),
            {"reference": "CON-" + secrets.token_hex(4), "key": key or secrets.token_hex(16)},
        ).scalar_one_or_none()
        # A request sent again on a fresh connection (as the portal's second
        # click) saves nothing more.
        if answers and response_id is not None:
            conn.execute(
                text("INSERT INTO bare_answer (response_id, question, value) VALUES (:r, :q, :v)"),
                [{"r": response_id, "q": q, "v": v} for q, v in answers],
            )
    return redirect("/done", code=302)
