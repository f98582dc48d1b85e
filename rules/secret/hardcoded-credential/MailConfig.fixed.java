// Values are fake.
package com.acme.mail;

import java.util.Properties;

public class MailConfig {
    // ruleid: secret/hardcoded-credential
    private static final String SMTP_PASSWORD = System.getenv("SMTP_PASSWORD");

    // ruleid: secret/hardcoded-credential
    private String apiKey = System.getenv("API_KEY");

    Properties props() {
        Properties p = new Properties();
        // ruleid: secret/hardcoded-credential
        p.setProperty("mail.smtp.password", System.getenv("MAIL_SMTP_PASSWORD"));
        return p;
    }

    void configure(DataSourceBuilder builder) {
        // ruleid: secret/hardcoded-credential
        builder.setPassword(System.getenv("PASSWORD"));
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
