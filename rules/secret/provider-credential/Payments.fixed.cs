// Values are fake.
namespace Acme.Payments;

public static class Payments
{
    // ruleid: secret/provider-credential
    public static readonly string ApiKey = Environment.GetEnvironmentVariable("STRIPE_SECRET_KEY");

    // ok: secret/provider-credential
    public static readonly string PublishableKey = "pk_live_IyZ4EM1iyW8QFvZ7K0MExDEjCa8MkXso";
}
