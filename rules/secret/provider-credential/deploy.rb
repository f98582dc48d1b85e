# Values are fake.
require "octokit"

# ruleid: secret/provider-credential
client = Octokit::Client.new(access_token: "ghp_Z0N8BxFrzX2NZLXlQMhf5QzW7s3G8VFitrHp")

# ok: secret/provider-credential
other = Octokit::Client.new(access_token: ENV.fetch("GITHUB_TOKEN"))
