"""Import and export of the shop's spreadsheets: the rules for one row of a sheet (spools,
workers), tolerant header matching and the dates a sheet may hold. Standard library only."""
