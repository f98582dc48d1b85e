"""Connection strings in a Python service. Passwords are fake."""
import redis
from sqlalchemy import create_engine

# ruleid: secret/connection-string-credential
engine = create_engine("postgresql+psycopg2://app:Xk29fQ7mLw3pZ8@db.acme.internal:5432/app")

# ruleid: secret/connection-string-credential
SQLALCHEMY_DATABASE_URI = 'mysql+pymysql://shop:lyN4MuDUp3NMs@mysql.acme.internal:3306/shop'

# ruleid: secret/connection-string-credential
CELERY_BROKER_URL = "amqp://celery:QzT9wEldmPL04p@rabbitmq.acme.internal:5672//"

# ruleid: secret/connection-string-credential
cache = redis.from_url("rediss://default:b9739UxUEs58HBfD@redis-12345.c1.cloud.redislabs.com:12345")

# ruleid: secret/connection-string-credential
REPLICA_DSN = "postgresql://db-replica.acme.internal/app?user=reporting&password=hNbUMyM4PcA9"

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
