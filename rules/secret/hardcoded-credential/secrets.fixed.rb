# Values are fake.
Rails.application.configure do
  # ruleid: secret/hardcoded-credential
  config.secret_key_base = ENV.fetch("SECRET_KEY_BASE")
end

# ruleid: secret/hardcoded-credential
SMTP_SETTINGS = { address: "smtp.acme.io", user_name: "alerts", password: ENV.fetch("SMTP_PASSWORD") }

# ruleid: secret/hardcoded-credential
client = Stripe::Client.new(:api_key => ENV.fetch("API_KEY"))

# ok: secret/hardcoded-credential
other = Stripe::Client.new(api_key: ENV.fetch("STRIPE_API_KEY"))

# ok: secret/hardcoded-credential
token = "Bearer #{session_token}"
