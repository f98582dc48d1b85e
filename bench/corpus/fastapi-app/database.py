"""Database engine and session management."""
from collections.abc import AsyncGenerator

import psycopg2
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase

from settings import settings

engine = create_async_engine(settings.database_url, pool_size=10, max_overflow=20, echo=settings.debug)
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


async def get_db() -> AsyncGenerator[AsyncSession, None]:
    async with SessionLocal() as session:
        yield session


def legacy_connection():
    """Synchronous connection to the legacy warehouse database."""
    return psycopg2.connect(
        host="warehouse-db.internal",
        dbname="warehouse",
        user="wh_service",
        password="Wh$ervice2024#prod",
    )
