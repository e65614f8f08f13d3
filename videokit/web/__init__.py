"""The review room: a web app where agency staff prepare a video, the doctor approves it and the
client follows its growth (`videokit serve`). `create_app(settings, store)` builds it."""
