"""Provider credentials in a Python module. All values are fake."""
import boto3
from slack_sdk import WebClient
import os

# ruleid: secret/provider-credential
slack = WebClient(token=os.environ["SLACK_TOKEN"])

s3 = boto3.client(
    "s3",
    # ruleid: secret/provider-credential
    aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
    # ruleid: secret/provider-credential
    aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
)

# ruleid: secret/provider-credential
HF_TOKEN = os.environ["HF_TOKEN"]

# ruleid: secret/provider-credential
groq_api_key = os.environ["GROQ_API_KEY"]

# ruleid: secret/provider-credential
DISCORD_WEBHOOK = os.environ["DISCORD_WEBHOOK_URL"]

# ruleid: secret/provider-credential
bot_token = os.environ["TELEGRAM_BOT_TOKEN"].encode()

# ruleid: secret/provider-credential
jobs_url = f"https://{workspace}/api/2.1/jobs/list?token=dapi9fdddcfbc78a6e9b39c7ede8531bf985"

# ruleid: secret/provider-credential
deploy = "curl -H 'Authorization: token dckr_pat_prV5dkq8Pap4ve_aG0ffK7rxncE'"

# ruleid: secret/provider-credential
# vault token for local runs: hvs.ojM9QuLVoZxMbuTfXjh-N_zAK6D_Jw6QfoBKEPhZeOpigHfpyGzfSgckG7CKOxVgfNP3F5Ej0-d9udQ968MGLyo7_-

# ok: secret/provider-credential
AWS_DOCS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

# ok: secret/provider-credential
stripe_publishable = "pk_live_IyZ4EM1iyW8QFvZ7K0MExDEjCa8MkXso"

# ok: secret/provider-credential
slack_token = os.environ["SLACK_BOT_TOKEN"]

# ok: secret/provider-credential
token_example = "xoxb-your-token-here"

# ok: secret/provider-credential
linear_key = "lin_api_" + LINEAR_SUFFIX
