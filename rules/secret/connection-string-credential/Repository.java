// Passwords are fake.
import java.sql.Connection;
import java.sql.DriverManager;

class Repository {
    Connection open() throws Exception {
        // ruleid: secret/connection-string-credential
        return DriverManager.getConnection("jdbc:sqlserver://sql.acme.internal:1433;databaseName=shop;user=shop;password=lyN4MuDUp3NMs");
    }

    Connection openLocal() throws Exception {
        // ok: secret/connection-string-credential
        return DriverManager.getConnection(System.getenv("JDBC_URL"));
    }
}
