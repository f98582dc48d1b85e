// Passwords are fake.
using Microsoft.Data.SqlClient;

public static class Db
{
    // ruleid: secret/connection-string-credential
    public static SqlConnection Open() => new SqlConnection(Environment.GetEnvironmentVariable("DB_CONNECTION_STRING"));

    // ok: secret/connection-string-credential
    public static SqlConnection OpenLocal() => new SqlConnection("Server=(localdb)\\mssqllocaldb;Database=shop;Integrated Security=true;");
}
