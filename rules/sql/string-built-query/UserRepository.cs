using System.Data.SqlClient;
using Dapper;
using Microsoft.EntityFrameworkCore;

public class UserRepository
{
    private readonly SqlConnection _conn;
    private readonly AppDbContext _db;

    public UserRepository(SqlConnection conn, AppDbContext db)
    {
        _conn = conn;
        _db = db;
    }

    public SqlDataReader FindByName(string name)
    {
        // ruleid: sql/string-built-query
        var cmd = new SqlCommand($"SELECT * FROM Users WHERE Name = '{name}'", _conn);
        return cmd.ExecuteReader();
    }

    public void Delete(string id)
    {
        // ruleid: sql/string-built-query
        _db.Database.ExecuteSqlRaw("DELETE FROM Orders WHERE Id = '" + id + "'");
    }

    public IEnumerable<User> ByEmail(string email)
    {
        // ruleid: sql/string-built-query
        return _conn.Query<User>(string.Format("SELECT * FROM Users WHERE Email = '{0}'", email));
    }

    public int Search(string status)
    {
        var sql = "SELECT COUNT(*) FROM Orders WHERE Status = '" + status + "'";
        using var cmd = _conn.CreateCommand();
        // ruleid: sql/string-built-query
        cmd.CommandText = sql;
        return (int)cmd.ExecuteScalar();
    }

    public List<User> Safe(string name)
    {
        // ok: sql/string-built-query
        return _db.Users.FromSqlInterpolated($"SELECT * FROM Users WHERE Name = {name}").ToList();
    }

    public SqlDataReader SafeCommand(string name)
    {
        // ok: sql/string-built-query
        var cmd = new SqlCommand("SELECT * FROM Users WHERE Name = @name", _conn);
        cmd.Parameters.AddWithValue("@name", name);
        return cmd.ExecuteReader();
    }

    public void Log(int n)
    {
        // ok: sql/string-built-query
        Console.WriteLine($"Selected {n} rows from the table");
    }
}
