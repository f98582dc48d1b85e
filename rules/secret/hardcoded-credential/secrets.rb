# Values are fake.
Rails.application.configure do
  # ruleid: secret/hardcoded-credential
  config.secret_key_base = "OBPfF8WK/EOG/4QTHw7/X+LU1u9OgWyMkOY9i1xugW4+"
end

# ruleid: secret/hardcoded-credential
SMTP_SETTINGS = { address: "smtp.acme.io", user_name: "alerts", password: "mL3hJIpld3x863" }

# ruleid: secret/hardcoded-credential
client = Stripe::Client.new(:api_key => "ClZ68iKKEuQqMu58fNXF0b0fBYcbQzRv")

# ok: secret/hardcoded-credential
other = Stripe::Client.new(api_key: ENV.fetch("STRIPE_API_KEY"))

# ok: secret/hardcoded-credential
token = "Bearer #{session_token}"
