// Values are fake.
package com.acme.notify;

public class Notifier {
    // ruleid: secret/provider-credential
    private static final String SLACK_WEBHOOK = "https://hooks.slack.com/services/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";

    // ok: secret/provider-credential
    private static final String TOKEN = System.getenv("SLACK_BOT_TOKEN");
}
