"""Suggested themes for free-text answers, worked out on the council's own server.

A background job fits TF-IDF and non-negative matrix factorisation
(scikit-learn) over the answers to one question and proposes 5 to 15 themes,
each shown as its top words and its most typical answers. Staff accept,
rename, merge or discard each one; nothing is tagged until they accept.

Core holds the method, the stored suggestions and the job; each capability
registers a `ThemeSource` (how to read a question's answers and how to tag
them), so core never imports the capability it serves.
"""
