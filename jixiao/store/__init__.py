"""Storage: tables, migrations, import, queries, editing and the review workflow.

The web app and the CLI sit on these functions; nothing here knows about HTTP or terminals.
"""
