// Passwords are fake.
using Microsoft.Data.SqlClient;

public static class Db
{
    // ruleid: secret/connection-string-credential
    public static SqlConnection Open() => new SqlConnection("Server=sql.acme.internal;Database=shop;User Id=shop;Password=b9739UxUEs58HBfD;");

    // ok: secret/connection-string-credential
    public static SqlConnection OpenLocal() => new SqlConnection("Server=(localdb)\\mssqllocaldb;Database=shop;Integrated Security=true;");
}
