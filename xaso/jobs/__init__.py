"""Background jobs: slow work (a province's PDF, large imports and exports) run by the
Celery worker while the person watches a page that says how far it got."""
