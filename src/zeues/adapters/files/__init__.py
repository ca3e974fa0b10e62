"""Spreadsheet files: streamed reading (csv, xlsx) and writing of imports and exports."""
