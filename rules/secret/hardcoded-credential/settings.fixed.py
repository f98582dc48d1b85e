"""Django settings. All values are fake."""
import os

# ruleid: secret/hardcoded-credential
SECRET_KEY = os.environ["SECRET_KEY"]

DEBUG = False

DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': 'shop',
        'USER': 'shop',
        # ruleid: secret/hardcoded-credential
        'PASSWORD': os.environ["DB_PASSWORD"],
        'HOST': 'db.acme.internal',
    }
}

# ruleid: secret/hardcoded-credential
EMAIL_HOST_PASSWORD = os.environ["EMAIL_HOST_PASSWORD"]

# ruleid: secret/hardcoded-credential
os.environ['STRIPE_API_KEY'] = 'tok7kf7KAKwMs6px1EwEod44A1p7'

# ok: secret/hardcoded-credential
AWS_STORAGE_BUCKET_NAME = 'acme-static'

# ok: secret/hardcoded-credential
SECRET_KEY_FALLBACKS = []

# ok: secret/hardcoded-credential
PASSWORD_RESET_TIMEOUT = 3600

# ok: secret/hardcoded-credential
SESSION_COOKIE_NAME = 'sessionid'
