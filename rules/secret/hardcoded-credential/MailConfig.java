// Values are fake.
package com.acme.mail;

import java.util.Properties;

public class MailConfig {
    // ruleid: secret/hardcoded-credential
    private static final String SMTP_PASSWORD = "mL3hJIpld3x863";

    // ruleid: secret/hardcoded-credential
    private String apiKey = "ClZ68iKKEuQqMu58fNXF0b0fBYcbQzRv";

    Properties props() {
        Properties p = new Properties();
        // ruleid: secret/hardcoded-credential
        p.setProperty("mail.smtp.password", "QzT9wEldmPL04p");
        return p;
    }

    void configure(DataSourceBuilder builder) {
        // ruleid: secret/hardcoded-credential
        builder.setPassword("hNbUMyM4PcA9");
    }

    // ok: secret/hardcoded-credential
    private static final String PASSWORD_PARAM = "password";

    // ok: secret/hardcoded-credential
    private final String token = System.getenv("API_TOKEN");

    boolean check(String password) {
        // ok: secret/hardcoded-credential
        return password.equals(System.getenv("ADMIN_PASSWORD"));
    }

    // ok: secret/hardcoded-credential
    // private String legacyPassword = "Xk29fQ7mLw3pZ8";
}
