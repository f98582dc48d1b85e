# Passwords are fake.
# ruleid: secret/connection-string-credential
REDIS = Redis.new(url: "redis://:QzT9wEldmPL04p@cache.acme.internal:6379/1")

# ok: secret/connection-string-credential
LOCAL_REDIS = Redis.new(url: "redis://localhost:6379/1")
