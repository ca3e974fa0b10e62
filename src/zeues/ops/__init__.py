"""Operator tools built on the public HTTP API only: one subpackage per tool.

- :mod:`zeues.ops.e2e`, :mod:`zeues.ops.monitor`, :mod:`zeues.ops.loadtest`: each holds its Typer
  command (``command.py``), its run, its verdict and its report.
- The modules at this level are what the tools share: the HTTP client (``client``) and the requests
  it sends (``calls``), the command-line options (``options``), the optional libraries
  (``extra``), durations, latency histograms and report writing.

Nothing in this package imports the server's internals: every tool works against any base URL.
"""
