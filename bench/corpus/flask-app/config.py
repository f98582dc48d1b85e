"""Flask configuration classes."""
import os
from datetime import timedelta

basedir = os.path.abspath(os.path.dirname(__file__))


class Config:
    """Base configuration."""

    SECRET_KEY = os.environ.get("SECRET_KEY") or "8c1f4e0b7a2d9e6f3b5c8a1d4e7f0b2c"
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or "sqlite:///" + os.path.join(basedir, "app.db")
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    JWT_SECRET_KEY = os.environ.get("JWT_SECRET_KEY", "jwt-4f9a2c7e1b8d3f6a0c5e9b2d7f1a4c8e")
    JWT_ACCESS_TOKEN_EXPIRES = timedelta(hours=1)
    JWT_REFRESH_TOKEN_EXPIRES = timedelta(days=30)

    MAIL_SERVER = "smtp.mailgun.org"
    MAIL_PORT = 587
    MAIL_USE_TLS = True
    MAIL_USERNAME = "postmaster@mg.recipes.example.com"
    MAIL_PASSWORD = "b7e2f9a4c1d8e3f6a0b5c2d9e4f7a1b3-2af183ba-9c1e7d24"
    MAIL_DEFAULT_SENDER = "Recipes <noreply@recipes.example.com>"

    # Password policy shown on the sign-up form
    PASSWORD_MIN_LENGTH = 8
    PASSWORD_HINT = "Your password must be at least 8 characters long"

    STRIPE_PUBLISHABLE_KEY = "pk_live_51Nx8ZpHqY2vT9cLmR4sWeKd"
    STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY")

    UPLOAD_FOLDER = os.path.join(basedir, "uploads")
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    CORS_ORIGINS = os.environ.get("CORS_ORIGINS", "http://localhost:3000").split(",")


class DevelopmentConfig(Config):
    DEBUG = True
    SQLALCHEMY_ECHO = True


class TestingConfig(Config):
    TESTING = True
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    WTF_CSRF_ENABLED = False
    SECRET_KEY = "test"


class ProductionConfig(Config):
    DEBUG = False
    SQLALCHEMY_DATABASE_URI = "postgresql://recipes:Qm7vX2pL9tRw4zKc@prod-db.recipes.internal:5432/recipes"
    REDIS_URL = "redis://:rG8kP3nW6qZ1xV5m@cache.recipes.internal:6379/0"
    AWS_ACCESS_KEY_ID = "AKIA9KQ9WSUF4VW0UNGY"
    AWS_SECRET_ACCESS_KEY = "s8WLmdX+pLB2Ccorfp6vcJFMG+QxrEzztrc9H1HF"
    S3_BUCKET = "recipes-prod-media"


config = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
    "default": DevelopmentConfig,
}
