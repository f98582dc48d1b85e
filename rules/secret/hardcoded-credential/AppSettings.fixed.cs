// Values are fake.
namespace Acme;

public class AppSettings
{
    // ruleid: secret/hardcoded-credential
    public string ClientSecret { get; set; } = Environment.GetEnvironmentVariable("CLIENT_SECRET");

    // ruleid: secret/hardcoded-credential
    private const string AdminPassword = "hNbUMyM4PcA9";

    public object Smtp() => new
    {
        Host = "smtp.acme.io",
        // ruleid: secret/hardcoded-credential
        Password = Environment.GetEnvironmentVariable("PASSWORD"),
    };

    // ok: secret/hardcoded-credential
    public string ApiKey { get; set; } = Environment.GetEnvironmentVariable("API_KEY");

    // ok: secret/hardcoded-credential
    public string PasswordLabel { get; } = "Password";

    // ok: secret/hardcoded-credential
    public string Greeting(string user) => $"Hello {user}, your token is ready";
}
