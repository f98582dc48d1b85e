// Values are fake.
namespace Acme.Payments;

public static class Payments
{
    // ruleid: secret/provider-credential
    public static readonly string ApiKey = "sk_live_mbuqWivNiWEKuC710MCcj413bY5kzBOX";

    // ok: secret/provider-credential
    public static readonly string PublishableKey = "pk_live_IyZ4EM1iyW8QFvZ7K0MExDEjCa8MkXso";
}
