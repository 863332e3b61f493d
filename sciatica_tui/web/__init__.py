"""The browser side of `sciatica-tui serve`: the page template, the "all sessions in
use" page and the web server (server.py, which needs the optional extra `serve`)."""
