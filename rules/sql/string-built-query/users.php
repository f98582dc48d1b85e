<?php

function find_user(mysqli $conn, string $email)
{
    // ruleid: sql/string-built-query
    $result = mysqli_query($conn, "SELECT * FROM users WHERE email = '$email'");
    return mysqli_fetch_assoc($result);
}

function delete_post(PDO $pdo)
{
    // ruleid: sql/string-built-query
    $pdo->exec('DELETE FROM posts WHERE id = ' . $_GET['id']);
}

function rename_user($db, $id, $name)
{
    // ruleid: sql/string-built-query
    pg_query($db, "UPDATE users SET name = '{$name}' WHERE id = 1");
}

function search(PDO $pdo, $status)
{
    $sql = "SELECT * FROM orders WHERE 1 = 1";
    $sql .= " AND status = '" . $status . "'";
    // ruleid: sql/string-built-query
    return $pdo->query($sql);
}

function safe(PDO $pdo, $email)
{
    // ok: sql/string-built-query
    $stmt = $pdo->prepare("SELECT * FROM users WHERE email = ?");
    $stmt->execute([$email]);
    return $stmt->fetch();
}

function numeric(mysqli $mysqli)
{
    // ok: sql/string-built-query
    return $mysqli->query('SELECT * FROM users WHERE id = ' . intval($_GET['id']));
}

function message($count)
{
    // ok: sql/string-built-query
    echo "Selected " . $count . " rows from the list";
}

// mysqli_query($conn, "SELECT * FROM users WHERE email = '$email'");
