"""The Django project. Loading the Celery app here lets ``@shared_task`` functions find it
in every process (web and worker), as Celery's Django guide does."""

from config.celery import app as celery_app

__all__ = ("celery_app",)
