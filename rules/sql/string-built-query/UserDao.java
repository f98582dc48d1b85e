package com.example.shop;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.persistence.EntityManager;

public class UserDao {
    private static final String USERS = "users";
    private final Connection conn;
    private final EntityManager em;

    public UserDao(Connection conn, EntityManager em) {
        this.conn = conn;
        this.em = em;
    }

    public ResultSet findByName(String name) throws Exception {
        Statement stmt = conn.createStatement();
        // ruleid: sql/string-built-query
        return stmt.executeQuery("SELECT * FROM users WHERE name = '" + name + "'");
    }

    public int deleteSession(String token) throws Exception {
        Statement stmt = conn.createStatement();
        // ruleid: sql/string-built-query
        return stmt.executeUpdate(String.format("DELETE FROM sessions WHERE token = '%s'", token));
    }

    public Object nativeLookup(String email) {
        // ruleid: sql/string-built-query
        return em.createNativeQuery("SELECT * FROM users WHERE email = '" + email + "'").getSingleResult();
    }

    public ResultSet search(String status, String owner) throws Exception {
        StringBuilder sql = new StringBuilder("SELECT * FROM orders WHERE 1 = 1");
        sql.append(" AND status = '").append(status).append("'");
        Statement stmt = conn.createStatement();
        // ruleid: sql/string-built-query
        return stmt.executeQuery(sql.toString());
    }

    public ResultSet byOwner(String owner) throws Exception {
        String query = "SELECT * FROM orders WHERE owner = '" + owner + "'";
        Statement stmt = conn.createStatement();
        // ruleid: sql/string-built-query
        return stmt.executeQuery(query);
    }

    public ResultSet safe(String name) throws Exception {
        PreparedStatement ps = conn.prepareStatement("SELECT * FROM users WHERE name = ?");
        ps.setString(1, name);
        // ok: sql/string-built-query
        return ps.executeQuery();
    }

    public ResultSet constants() throws Exception {
        Statement stmt = conn.createStatement();
        // ok: sql/string-built-query
        return stmt.executeQuery("SELECT count(*) FROM " + USERS);
    }

    public ResultSet numeric(String id) throws Exception {
        Statement stmt = conn.createStatement();
        // ok: sql/string-built-query
        return stmt.executeQuery("SELECT * FROM users WHERE id = " + Integer.parseInt(id));
    }

    public void log(int n) {
        // ok: sql/string-built-query
        System.out.println("Selected " + n + " rows from the table");
    }

    // stmt.executeQuery("SELECT * FROM users WHERE name = '" + name + "'");
}
