"""Reports: context building, charts, rendering (Jinja2 + WeasyPrint)."""
