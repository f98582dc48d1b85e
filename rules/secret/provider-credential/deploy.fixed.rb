# Values are fake.
require "octokit"

# ruleid: secret/provider-credential
client = Octokit::Client.new(access_token: ENV.fetch("GITHUB_TOKEN"))

# ok: secret/provider-credential
other = Octokit::Client.new(access_token: ENV.fetch("GITHUB_TOKEN"))
