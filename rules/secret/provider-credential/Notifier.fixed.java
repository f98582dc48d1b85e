// Values are fake.
package com.acme.notify;

public class Notifier {
    // ruleid: secret/provider-credential
    private static final String SLACK_WEBHOOK = System.getenv("SLACK_WEBHOOK_URL");

    // ok: secret/provider-credential
    private static final String TOKEN = System.getenv("SLACK_BOT_TOKEN");
}
