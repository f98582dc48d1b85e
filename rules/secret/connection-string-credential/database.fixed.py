"""Connection strings in a Python service. Passwords are fake."""
import redis
from sqlalchemy import create_engine
import os

# ruleid: secret/connection-string-credential
engine = create_engine(os.environ["DATABASE_URL"])

# ruleid: secret/connection-string-credential
SQLALCHEMY_DATABASE_URI = os.environ["SQLALCHEMY_DATABASE_URI"]

# ruleid: secret/connection-string-credential
CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]

# ruleid: secret/connection-string-credential
cache = redis.from_url(os.environ["REDIS_URL"])

# ruleid: secret/connection-string-credential
REPLICA_DSN = os.environ["REPLICA_DSN"]

# ok: secret/connection-string-credential
DATABASE_URL = f"postgresql://app:{password}@db.acme.internal/app"

# ok: secret/connection-string-credential
LEGACY_URL = "mongodb://%(user)s:%(password)s@db.acme.internal/app" % creds

# ok: secret/connection-string-credential
LOCAL_URL = "postgresql://postgres:postgres@localhost/dev"

# ok: secret/connection-string-credential
COMPOSE_MONGO = "mongodb://mongo:mongo@mongo:27017"

# ok: secret/connection-string-credential
TEMPLATE_URL = "postgresql://app:{{ db_password }}@db.acme.internal/app"

# ok: secret/connection-string-credential
CHANGE_ME = "postgresql://app:changeme@db.acme.internal/app"
