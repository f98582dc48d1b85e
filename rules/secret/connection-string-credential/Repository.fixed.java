// Passwords are fake.
import java.sql.Connection;
import java.sql.DriverManager;

class Repository {
    Connection open() throws Exception {
        // ruleid: secret/connection-string-credential
        return DriverManager.getConnection(System.getenv("DATABASE_URL"));
    }

    Connection openLocal() throws Exception {
        // ok: secret/connection-string-credential
        return DriverManager.getConnection(System.getenv("JDBC_URL"));
    }
}
