"""The review room: a web app where agency staff prepare a video, the doctor approves it and the
client follows its growth (`videokit serve`). `create_app(settings, store)` builds it.

static/htmx.min.js is htmx 2.0.4 as published on npm (htmx.org, Zero-Clause BSD licence), vendored
so that nothing is built or fetched at run time.
"""
