// Values are fake.
namespace Acme;

public class AppSettings
{
    // ruleid: secret/hardcoded-credential
    public string ClientSecret { get; set; } = "kf7KAKwMs6px1EwEod44A1p7";

    // ruleid: secret/hardcoded-credential
    private const string AdminPassword = "hNbUMyM4PcA9";

    public object Smtp() => new
    {
        Host = "smtp.acme.io",
        // ruleid: secret/hardcoded-credential
        Password = "mL3hJIpld3x863",
    };

    // ok: secret/hardcoded-credential
    public string ApiKey { get; set; } = Environment.GetEnvironmentVariable("API_KEY");

    // ok: secret/hardcoded-credential
    public string PasswordLabel { get; } = "Password";

    // ok: secret/hardcoded-credential
    public string Greeting(string user) => $"Hello {user}, your token is ready";
}
