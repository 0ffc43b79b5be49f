"""Report builders (PDF via WeasyPrint, XLSX via openpyxl), the report archive, and schedules. Knows nothing
of Flask."""
