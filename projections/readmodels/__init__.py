"""The read models: SQLAlchemy tables in the store's own database, the views and their runner, queries."""
