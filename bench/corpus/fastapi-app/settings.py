"""Application settings (pydantic-settings)."""
from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    app_name: str = "Inventory Service"
    environment: str = "development"
    debug: bool = False

    database_url: str = "postgresql+asyncpg://inventory:xT4mQ9vB2nLs7KpZ@db:5432/inventory"
    redis_url: str = "redis://localhost:6379/0"

    secret_key: str = Field(default="09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7")
    algorithm: str = "HS256"
    access_token_expire_minutes: int = 30

    stripe_api_key: str = Field(default="", description="Stripe secret key (sk_live_...)")
    stripe_webhook_secret: str = ""
    slack_bot_token: str = "xoxb-464608613236-4745743308950-VuzLMwQMxCTi1jOvMlIw8aqc"
    sentry_dsn: str | None = None

    cors_origins: list[str] = ["http://localhost:3000", "https://inventory.example.com"]

    smtp_host: str = "smtp.example.com"
    smtp_user: str = "alerts@example.com"
    smtp_password: str = Field(default=..., alias="SMTP_PASSWORD")


@lru_cache
def get_settings() -> Settings:
    return Settings()


settings = get_settings()
