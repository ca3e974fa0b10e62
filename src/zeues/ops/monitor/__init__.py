"""``zeues monitor``: post-deployment sampling of one deployment (command, run, verdict, report)."""
