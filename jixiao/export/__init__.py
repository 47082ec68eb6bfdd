"""Exports: review workbooks (XLSX) and review opinions (DOCX); official layouts follow."""
