"""Operator tools (e2e, monitor, loadtest) built on the public HTTP API only.

Nothing in this package imports the server's internals: every tool works against any base URL.
"""
