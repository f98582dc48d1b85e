# Passwords are fake.
# ruleid: secret/connection-string-credential
REDIS = Redis.new(url: ENV.fetch("REDIS_URL"))

# ok: secret/connection-string-credential
LOCAL_REDIS = Redis.new(url: "redis://localhost:6379/1")
