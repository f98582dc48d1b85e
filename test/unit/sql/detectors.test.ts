import { strict as assert } from 'node:assert';
import { FIX_REASONS } from '../../../server/src/engine/detectors/sql/common';
import { REASONS } from '../../../server/src/engine/detectors/sql/plan';
import { applyFix, relatedLines, sqlFindings } from './helpers';

describe('sql-js: findings, related locations and fixes', () => {
  it('SQL through a variable: reported at the call, related at each build site; one fix edits both', async () => {
    const text = [
      "import { Pool } from 'pg';",
      'const pool = new Pool();',
      'export async function f(org: string, status: string) {',
      "  let sql = 'SELECT * FROM orders WHERE org_id = $1';",
      "  sql += ` AND status = '${status}'`;",
      '  return pool.query(sql, [org]);',
      '}',
    ].join('\n');
    const [f, ...rest] = await sqlFindings('a.ts', text);
    assert.equal(rest.length, 0);
    assert.equal(f!.range.start.line, 5);
    assert.equal(text.split('\n')[5]!.slice(f!.range.start.character, f!.range.end.character), 'sql');
    assert.deepEqual(relatedLines(f!), [4, 5]);
    assert.deepEqual(f!.related.map((r) => r.message), ['SQL text in sql is built here', 'SQL text in sql is extended here']);
    assert.equal(f!.severity, 'error');
    assert.equal(f!.confidence, 'high');
    assert.match(f!.message, /^pool\.query\(\) runs SQL built with a template literal \(through the variable sql\)\./);
    const fix = f!.fixes.find((x) => x.isPreferred)!;
    assert.equal(fix.applicability, 'safe');
    assert.equal(fix.edits.length, 2);
    assert.equal(applyFix(text, f!).split('\n').slice(4, 6).join('\n'), '  sql += ` AND status = $2`;\n  return pool.query(sql, [org, status]);');
    assert.equal(f!.properties?.driver, 'pg');
  });

  it('the finding starts on the sink line when the argument is on the next one', async () => {
    const text = "import mysql from 'mysql2';\nconst db = mysql.createPool({});\ndb.query(\n  `SELECT * FROM users WHERE id = '${id}'`,\n);\n";
    const [f] = await sqlFindings('a.js', text);
    assert.equal(f!.range.start.line, 2);
    assert.equal(f!.range.end.line, 3);
  });

  it('noFixReason: unknown driver, branches, shared variable, TypeORM database, exec()', async () => {
    const unknown = await sqlFindings('a.ts', "import { db } from './db';\nexport const f = (id: string) => db.query(`SELECT * FROM t WHERE id = '${id}'`);\n");
    assert.equal(unknown[0]!.noFixReason, FIX_REASONS.unknownDriverJs);
    assert.equal(unknown[0]!.fixes.filter((x) => x.isPreferred).length, 0, "only the ignore-comment fix remains");

    const branches = await sqlFindings(
      'a.ts',
      "import { Pool } from 'pg';\nconst pool = new Pool();\nexport function f(a?: string) {\n  let q = 'SELECT * FROM t WHERE 1 = 1';\n  if (a) q += ` AND a = '${a}'`;\n  return pool.query(q);\n}\n",
    );
    assert.equal(branches[0]!.noFixReason, FIX_REASONS.conditional);
    assert.equal(branches[0]!.confidence, 'medium');

    const shared = await sqlFindings('a.ts', "import { Pool } from 'pg';\nconst pool = new Pool();\nexport function f(a: string) {\n  const q = `SELECT * FROM t WHERE a = '${a}'`;\n  console.log(q);\n  return pool.query(q);\n}\n");
    assert.equal(shared[0]!.noFixReason, FIX_REASONS.sharedVariable('q'));

    const typeorm = await sqlFindings('a.ts', "import { DataSource } from 'typeorm';\nimport { ds } from './ds';\nexport const f = (a: string) => ds.query(`SELECT * FROM t WHERE a = '${a}'`);\n");
    assert.equal(typeorm[0]!.noFixReason, FIX_REASONS.typeormUnknown);

    const exec = await sqlFindings('a.js', "const Database = require('better-sqlite3');\nconst db = new Database('x');\ndb.exec(`DELETE FROM t WHERE a = '${a}'`);\n");
    assert.equal(exec[0]!.noFixReason, FIX_REASONS.betterSqliteExec);
  });

  it('noFixReason from the SQL itself wins over an unknown driver (it says what to change)', async () => {
    const [f] = await sqlFindings('a.ts', "import { db } from './db';\nexport const f = (col: string) => db.query(`SELECT * FROM t ORDER BY ${col}`);\n");
    assert.equal(f!.noFixReason, REASONS.orderBy);
  });

  it('hand-escaped values are reported but never bound as is; driver-escaped values are not reported', async () => {
    const text = "import { Pool } from 'pg';\nimport mysql from 'mysql';\nconst pool = new Pool();\nconst c = mysql.createConnection({});\npool.query(\"SELECT * FROM t WHERE a = '\" + a.replace(/'/g, \"''\") + \"'\");\npool.query('SELECT * FROM t WHERE a = ' + c.escape(a));\n";
    const findings = await sqlFindings('a.ts', text);
    assert.deepEqual(findings.map((f) => f.range.start.line + 1), [5]);
    assert.equal(findings[0]!.noFixReason, REASONS.escapedByHand);
  });

  it('Prisma $queryRawUnsafe becomes the tagged $queryRaw, keeping type arguments', async () => {
    const text = "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nprisma.$queryRawUnsafe<User[]>('SELECT * FROM \"User\" WHERE email = \\'' + email + \"'\");\n";
    const [f] = await sqlFindings('a.ts', text);
    assert.equal(applyFix(text, f!).split('\n')[2], 'prisma.$queryRaw<User[]>`SELECT * FROM "User" WHERE email = ${email}`;');
  });
});

describe('sql-py: findings, related locations and fixes', () => {
  it('related locations and a merged tuple for psycopg2', async () => {
    const text = [
      'import psycopg2',
      'conn = psycopg2.connect("")',
      'def f(org, status):',
      '    cur = conn.cursor()',
      '    q = "SELECT * FROM orders WHERE org_id = %s"',
      '    q += f" AND status = \'{status}\'"',
      '    cur.execute(q, (org,))',
    ].join('\n');
    const [f] = await sqlFindings('a.py', text);
    assert.equal(f!.range.start.line, 6);
    assert.deepEqual(relatedLines(f!), [5, 6]);
    assert.equal(f!.fixes[0]!.applicability, 'safe');
    assert.equal(applyFix(text, f!).split('\n').slice(5).join('\n'), '    q += " AND status = %s"\n    cur.execute(q, (org, status))');
  });

  it('noFixReason: unknown driver, executemany, repr, format spec', async () => {
    const unknown = await sqlFindings('a.py', 'def f(cur, a):\n    cur.execute(f"SELECT * FROM t WHERE a = \'{a}\'")\n');
    assert.equal(unknown[0]!.noFixReason, FIX_REASONS.unknownDriverPy);
    const many = await sqlFindings('a.py', 'import sqlite3\ndef f(conn, rows, t):\n    conn.executemany(f"INSERT INTO t (a, b) VALUES (?, \'{t}\')", rows)\n');
    assert.equal(many[0]!.noFixReason, FIX_REASONS.executemany);
    const repr = await sqlFindings('a.py', 'import sqlite3\ndef f(conn, a):\n    conn.execute(f"SELECT * FROM t WHERE a = {a!r}")\n');
    assert.equal(repr[0]!.noFixReason, REASONS.repr);
    const spec = await sqlFindings('a.py', 'import sqlite3\ndef f(conn, a):\n    conn.execute(f"SELECT * FROM t WHERE a = \'{a:>10}\'")\n');
    assert.equal(spec[0]!.noFixReason, REASONS.formatSpec);
  });

  it('numbers by construction are not reported: int(), %d, a local bound to int()', async () => {
    const text = 'import sqlite3\ndef f(conn, a, b):\n    n = int(b)\n    conn.execute(f"SELECT * FROM t WHERE a = {int(a)} LIMIT {n}")\n    conn.execute("SELECT * FROM t WHERE a = %d" % a)\n';
    assert.deepEqual(await sqlFindings('a.py', text), []);
  });

  it('SQLAlchemy text() outside execute(): values bound with .bindparams()', async () => {
    const text = 'from sqlalchemy import text\ndef f(name):\n    return text(f"name = \'{name}\'")\n';
    const [f] = await sqlFindings('a.py', text);
    assert.equal(applyFix(text, f!).split('\n')[2], '    return text("name = :name").bindparams(name=name)');
  });

  it('SQLAlchemy execute() with a plain string: wrapped in text() and text imported', async () => {
    const text = 'from sqlalchemy import create_engine\nengine = create_engine("sqlite://")\ndef f(email):\n    with engine.connect() as conn:\n        return conn.execute(f"SELECT * FROM users WHERE email = \'{email}\'")\n';
    const [f] = await sqlFindings('a.py', text);
    assert.equal(
      applyFix(text, f!),
      'from sqlalchemy import create_engine\nfrom sqlalchemy import text\nengine = create_engine("sqlite://")\ndef f(email):\n    with engine.connect() as conn:\n        return conn.execute(text("SELECT * FROM users WHERE email = :email"), {"email": email})\n',
    );
  });
});

describe('sql-text: SQL built in a variable (Java, Go, PHP, C#, Ruby)', () => {
  it('related locations point at the builder calls; no fix, with a reason', async () => {
    const text = [
      'class A {',
      '  ResultSet f(Statement stmt, String s) throws Exception {',
      '    StringBuilder sb = new StringBuilder("SELECT * FROM t WHERE 1 = 1");',
      '    sb.append(" AND s = \'").append(s).append("\'");',
      '    return stmt.executeQuery(sb.toString());',
      '  }',
      '}',
    ].join('\n');
    const [f] = await sqlFindings('A.java', text);
    assert.equal(f!.range.start.line, 4);
    assert.deepEqual(relatedLines(f!), [3, 4]);
    assert.equal(f!.noFixReason, FIX_REASONS.patternLanguage);
    assert.match(f!.message, /^executeQuery\(\) runs SQL built with a string builder \(through the variable sb\)/);
  });

  it('a variable reassigned from a constant is clean', async () => {
    const text = 'package a\nfunc f(db *sql.DB, s string) {\n\tq := "SELECT * FROM t WHERE s = \'" + s + "\'"\n\tq = "SELECT * FROM t"\n\tdb.Query(q)\n}\n';
    assert.deepEqual(await sqlFindings('a.go', text), []);
  });
});
