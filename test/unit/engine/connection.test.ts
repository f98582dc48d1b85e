import { strict as assert } from 'node:assert';
import { CONNECTION_KEYWORDS, connectionPasswordRejection, isLocalHost, scanConnections, type ConnectionMatch } from '../../../server/src/engine/detectors/secret/connection';

/**
 * Passwords go through `pw` so that this file holds no connection string with a literal password:
 * Redline scans its own repository (`redline scan . --fail-on warning`).
 */
const pw = (password: string): string => password;

/** The prefilter's answer for `text`: first offset of each keyword (case-insensitive). */
function first(text: string): Partial<Record<(typeof CONNECTION_KEYWORDS)[number], number>> {
  const out: Partial<Record<(typeof CONNECTION_KEYWORDS)[number], number>> = {};
  for (const k of CONNECTION_KEYWORDS) {
    const i = text.toLowerCase().indexOf(k);
    if (i >= 0) out[k] = i;
  }
  return out;
}

const scan = (text: string) => scanConnections(text, first(text)).map((m) => ({ ...m, span: text.slice(m.start, m.end), pass: text.slice(m.passStart, m.passEnd) }));
const one = (text: string): ConnectionMatch & { span: string; pass: string } => {
  const all = scan(text);
  assert.equal(all.length, 1, `${text}: ${JSON.stringify(all)}`);
  return all[0]!;
};

describe('connection strings with passwords', () => {
  it('URL user information: span, password span, masked rendering, scheme and env', () => {
    assert.deepEqual(one(`db = "postgres://app:${pw('Xk29fQ7mLw3p')}@db.internal:5432/app"`), {
      start: 6,
      end: 54,
      passStart: 21,
      passEnd: 33,
      schemeName: 'PostgreSQL',
      masked: `postgres://app:${pw('Xk2…w3p')}@db.internal`,
      env: 'DATABASE_URL',
      form: 'url',
      span: `postgres://app:${pw('Xk29fQ7mLw3p')}@db.internal:5432/app`,
      pass: 'Xk29fQ7mLw3p',
    });
  });

  it('reads the database from a SQLAlchemy dialect and drops sentence punctuation after the URL', () => {
    const m = one(`see postgresql+psycopg2://admin:${pw('Zq8wLp2mXr4t')}@prod-db.corp.net/app.`);
    assert.equal(m.span, `postgresql+psycopg2://admin:${pw('Zq8wLp2mXr4t')}@prod-db.corp.net/app`);
    assert.equal(m.pass, 'Zq8wLp2mXr4t');
    assert.equal(m.schemeName, 'PostgreSQL');
    assert.equal(m.masked, `postgresql+psycopg2://admin:${pw('Zq8…r4t')}@prod-db.corp.net`);
    assert.equal(one(`(redis://:${pw('Rt5yUi8oPq2w')}@cache.prod.net/0),`).span, `redis://:${pw('Rt5yUi8oPq2w')}@cache.prod.net/0`);
    assert.equal(one(`at redis://:${pw('Rt5yUi8oPq2w')}@cache.prod.net;`).span, `redis://:${pw('Rt5yUi8oPq2w')}@cache.prod.net`);
  });

  it('an empty user, https, and percent-encoded passwords', () => {
    const redis = one(`x = "redis://:${pw('Rt5yUi8oPq2w')}@cache.prod.net:6379"`);
    assert.deepEqual([redis.pass, redis.masked, redis.env, redis.schemeName], ['Rt5yUi8oPq2w', `redis://:${pw('Rt5…q2w')}@cache.prod.net`, 'REDIS_URL', 'Redis']);
    const https = one(`x = "https://user:${pw('Rt5yUi8oPq2w')}@api.prod.net/x"`);
    assert.deepEqual([https.pass, https.env, https.schemeName], ['Rt5yUi8oPq2w', 'SERVICE_URL', 'HTTPS']);
    assert.equal(one(`x = "postgres://app:${pw('Rt%40yUi8oPq2w')}@db.prod.net/x"`).pass, 'Rt%40yUi8oPq2w');
  });

  it('hides a user name that would reveal the password', () => {
    assert.equal(one(`x = "postgres://postgres:${pw('postgres')}@db.prod.net/db"`).masked, `postgres://…:${pw('po…es')}@db.prod.net`);
    assert.equal(one(`x = "mysql://rt5yUi8oPq2w:${pw('Rt5yUi8oPq2w')}@db.prod.net/x"`).masked, `mysql://…:${pw('Rt5…q2w')}@db.prod.net`);
    assert.equal(one(`x = "mysql://Rt5y:${pw('Rt5yUi8oPq2w')}@db.prod.net/x"`).masked, `mysql://…:${pw('Rt5…q2w')}@db.prod.net`);
    assert.equal(one(`x = "mysql://ab:${pw('abUi8oPq2wxy')}@db.prod.net/x"`).masked, `mysql://ab:${pw('abU…wxy')}@db.prod.net`, 'two letters say nothing');
  });

  it('libpq/MongoDB query parameters, but not on http(s)', () => {
    const m = one(`u = "mongodb://db.prod.net/app?user=app&password=${pw('Rt5yUi8oPq2w')}&ssl=true"`);
    assert.deepEqual([m.span, m.pass, m.masked, m.env, m.schemeName], [
      `mongodb://db.prod.net/app?user=app&password=${pw('Rt5yUi8oPq2w')}&ssl=true`,
      'Rt5yUi8oPq2w',
      `mongodb://db.prod.net?…password=${pw('Rt5…q2w')}`,
      'MONGODB_URI',
      'MongoDB',
    ]);
    assert.equal(m.form, 'url');
    assert.deepEqual(scan(`x = "https://api.prod.net/x?password=${pw('Rt5yUi8oPq2w')}"`), []);
    assert.deepEqual(scan(`x = "http://api.prod.net/x?pwd=${pw('Rt5yUi8oPq2w')}"`), []);
    assert.equal(one(`psql "postgres://db.prod.net/app?PWD=${pw('Rt5yUi8oPq2w')}"`).pass, 'Rt5yUi8oPq2w');
    // The user in the query counts for the local-default check.
    assert.deepEqual(scan(`x = "postgres://localhost/app?user=dbadmin&password=${pw('dbadmin')}"`), []);
    assert.equal(one(`x = "postgres://db.prod.net/app?user=dbadmin&password=${pw('dbadmin')}"`).pass, 'dbadmin');
    assert.deepEqual(scan('x = "postgres://db.prod.net/app?sslmode=require"'), []);
  });

  it('JDBC URLs with a password property or Oracle thin user/password', () => {
    const pg = one(`u = "jdbc:postgresql://db.prod.net:5432/app?user=app&password=${pw('Rt5yUi8oPq2w')}"`);
    assert.deepEqual([pg.start, pg.end, pg.pass, pg.schemeName, pg.masked, pg.env, pg.form], [5, 74, 'Rt5yUi8oPq2w', 'JDBC PostgreSQL', `jdbc:postgresql:…password=${pw('Rt5…q2w')}`, 'DATABASE_URL', 'whole']);
    const ora = one(`u = "jdbc:oracle:thin:scott/${pw('Tg7hJk3lMn9b')}@db.prod.net:1521:orcl"`);
    assert.deepEqual([ora.span, ora.pass, ora.schemeName], [`jdbc:oracle:thin:scott/${pw('Tg7hJk3lMn9b')}@db.prod.net:1521:orcl`, 'Tg7hJk3lMn9b', 'JDBC Oracle']);
    assert.equal(one(`jdbc:sqlserver://db.prod.net:1433;databaseName=app;user=sa;password=${pw('Rt5yUi8oPq2w')};`).schemeName, 'JDBC SQL Server');
    assert.equal(one(`jdbc:h2db:mem:test;PWD=${pw('Rt5yUi8oPq2w')}`).schemeName, 'JDBC h2db');
    // Local defaults and placeholders are left alone; the URL part is not reported again.
    assert.deepEqual(scan(`jdbc:postgresql://localhost:5432/app?user=postgres&password=${pw('postgres')}`), []);
    assert.deepEqual(scan(`jdbc:mysql://db.prod.net/app?user=root&password=${pw('changeme')}`), []);
    assert.deepEqual(scan(`jdbc:postgresql://app:${pw('Rt5yUi8oPq2w')}@db.prod.net/app`).length, 0);
    assert.deepEqual(scan('jdbc:postgresql://db.prod.net/app'), []);
  });

  it('ADO.NET/ODBC strings that also name a server, database or user', () => {
    const m = one(`c = "Server=db.prod.net;Database=app;User Id=sa;Password=${pw('Rt5yUi8oPq2w')};"`);
    assert.deepEqual([m.span, m.pass, m.masked, m.env, m.form, m.schemeName], [`Password=${pw('Rt5yUi8oPq2w')}`, 'Rt5yUi8oPq2w', `Password=${pw('Rt5…q2w')}`, 'DB_CONNECTION_STRING', 'whole', 'ADO.NET/ODBC']);
    assert.equal(one(`c = 'Data Source=tcp:db.prod.net,1433;Initial Catalog=app;Pwd = ${pw('Rt5yUi8oPq2w')} '`).span, 'Pwd = Rt5yUi8oPq2w');
    assert.deepEqual(scan(`c = "Server=localhost;Database=app;User Id=sa;Password=${pw('sa')};"`), []);
    assert.deepEqual(scan(`c = "Server=127.0.0.1;Database=app;Uid=dbuser;Password=${pw('dbuser')};"`), []);
    assert.deepEqual(scan(`PASSWORD=${pw('Rt5yUi8oPq2w')}`), [], 'a .env line is not a connection string');
    assert.deepEqual(scan(`x = "label;Password=${pw('Rt5yUi8oPq2w')}"`), [], 'no server, database or user');
    assert.deepEqual(scan(`x = "Server=db.prod.net Password=${pw('Rt5yUi8oPq2w')}"`), [], 'not after a separator');
    assert.deepEqual(scan('x = "Server=db.prod.net;Database=x;Password=${DB_PASSWORD}"'), []);
  });

  it('reports each span once and sorts by position', () => {
    const text = `a = "Server=db.prod.net;Uid=app;Password=${pw('Rt5yUi8oPq2w')};"\nb = "redis://:${pw('Tg7hJk3lMn9b')}@cache.prod.net"\nc = "jdbc:mysql://db.prod.net/app?password=${pw('Qw3eRt6yUi9o')}"`;
    assert.deepEqual(scan(text).map((m) => m.pass), ['Rt5yUi8oPq2w', 'Tg7hJk3lMn9b', 'Qw3eRt6yUi9o']);
    const twice = `x = "postgres://app:${pw('Xk29fQ7mLw3p')}@db.prod.net/app" y = "postgres://app:${pw('Xk29fQ7mLw3p')}@db.prod.net/app"`;
    assert.deepEqual(scan(twice).map((m) => m.start), [5, 55]);
  });

  it('scans from the prefilter offsets and checks the deadline for every candidate', () => {
    const text = `x = "postgres://app:${pw('Xk29fQ7mLw3p')}@db.prod.net/app" and jdbc:mysql://h/a?password=${pw('Qw3eRt6yUi9o')} and Server=h2;Password=${pw('Rt5yUi8oPq2w')};`;
    let checks = 0;
    const all = scanConnections(text, first(text), () => checks++);
    assert.equal(all.length, 3);
    assert.equal(checks, 5, 'one jdbc:, two ://, two password= (the JDBC query has one too)');
    assert.deepEqual(scanConnections(text, {}), []);
    assert.deepEqual(scanConnections(text, { '://': text.indexOf('and') }).map((m) => m.schemeName), []);
    assert.deepEqual(scanConnections(text, { pwd: 0 }).map((m) => m.schemeName), ['ADO.NET/ODBC']);
  });

  it('user names: interpolations must be the whole user, and three letters are enough to hide it', () => {
    assert.deepEqual(scan(`x = "postgres://a\${X}:${pw('Rt5yUi8oPq2w')}@db.prod.net/x"`), []);
    assert.deepEqual(scan(`x = "postgres://a$X:${pw('Rt5yUi8oPq2w')}@db.prod.net/x"`), []);
    assert.deepEqual(scan(`x = "postgres://$X.y:${pw('Rt5yUi8oPq2w')}@db.prod.net/x"`), []);
    assert.equal(one(`x = "postgres://$DB_USER:${pw('Rt5yUi8oPq2w')}@db.prod.net/x"`).masked, 'postgres://$DB_USER:Rt5…q2w@db.prod.net');
    assert.equal(one(`x = "postgres://app:${pw('app12345xyzQ')}@db.prod.net/x"`).masked, 'postgres://…:app…yzQ@db.prod.net');
  });

  it('JDBC: every URL, users and hosts from the properties, and no crash on a bare prefix', () => {
    const two = `a = "jdbc:mysql://db.prod.net/a?password=${pw('Qw3eRt6yUi9o')}" b = "jdbc:mysql://db2.prod.net/b?password=${pw('Zx8cVb5nMl2k')}"`;
    assert.deepEqual(scan(two).map((m) => m.pass), ['Qw3eRt6yUi9o', 'Zx8cVb5nMl2k']);
    assert.deepEqual(scan('jdbc: see docs'), []);
    assert.deepEqual(scan('jdbc:'), []);
    assert.deepEqual(scan(`jdbc:postgresql://localhost:5432/app?user=dbadmin&password=${pw('dbadmin')}`), [], 'password = user on a local host');
    assert.equal(one(`jdbc:postgresql://db.prod.net:5432/app?user=dbadmin&password=${pw('dbadmin')}`).masked, 'jdbc:postgresql:…password=****');
    assert.equal(one(`jdbc:postgresql://db.prod.net/app?user=postgres&password=${pw('postgres')}`).pass, 'postgres', 'a default password on a remote host');
  });

  it('ADO.NET: the segment of the string the password is in, trimmed values, and hosts with ports', () => {
    assert.deepEqual(scan(`s = "Server=db.prod.net" + 'label;Password=${pw('Rt5yUi8oPq2w')}'`), [], 'the server is in another string');
    assert.deepEqual(scan(`x = "Server=db.prod.net;Database=x Password=${pw('Rt5yUi8oPq2w')}"`), []);
    assert.equal(one(`x = "Server=db.prod.net; Password=${pw('Rt5yUi8oPq2w')}"`).pass, 'Rt5yUi8oPq2w');
    assert.equal(one(`Server=db.prod.net;Password=${pw('Rt5yUi8oPq2w')}`).span, 'Password=Rt5yUi8oPq2w', 'ends at the end of the text');
    const spaced = one(`c = 'Data Source=tcp:db.prod.net,1433;Initial Catalog=app;Pwd = ${pw('Rt5yUi8oPq2w')} '`);
    assert.deepEqual([spaced.span, spaced.pass], ['Pwd = Rt5yUi8oPq2w', 'Rt5yUi8oPq2w']);
    assert.deepEqual(scan(`c = "Server=localhost;User Id = dbuser ;Password=${pw('dbuser')};"`), []);
    assert.deepEqual(scan(`c = "Data Source = tcp:LOCALHOST,1433;Uid=dbadmin;Password=${pw('dbadmin')};"`), []);
    assert.deepEqual(scan(`c = "Server=localhost,1433;Uid=dbadmin;Password=${pw('dbadmin')};"`), []);
    assert.deepEqual(scan(`c = "Server=localhost\\\\SQLEXPRESS;Uid=dbadmin;Password=${pw('dbadmin')};"`), [], 'a named instance on a local host');
    assert.equal(one(`c = "Server=db.prod.net\\\\SQLEXPRESS;Uid=dbadmin;Password=${pw('dbadmin')};"`).pass, 'dbadmin');
    assert.equal(one(`c = "Data Source=tcp:db.prod.net,1433;Uid=dbadmin;Password=${pw('dbadmin')};"`).masked, 'Password=****');
  });

  it('skips unknown schemes, interpolated users and documentation hosts', () => {
    assert.deepEqual(scan(`x = "foo://app:${pw('Rt5yUi8oPq2w')}@db.prod.net/x"`), []);
    assert.deepEqual(scan('x = "postgres://app:${DB_PASS}@db/x"'), []);
    assert.deepEqual(scan(`x = "postgres://{user}x:${pw('Rt5yUi8oPq2w')}@db.prod.net/x"`), []);
    assert.equal(one(`x = "postgres://\${DB_USER}:${pw('Rt5yUi8oPq2w')}@db.prod.net/x"`).pass, 'Rt5yUi8oPq2w');
    assert.deepEqual(scan(`x = "amqp://guest:${pw('guest')}@rabbitmq:5672"`), []);
    assert.deepEqual(scan(`x = "postgres://app:${pw('hunter2x')}@example.com/x"`), []);
    assert.equal(one(`x = "postgres://app:${pw('Rt5yUi8oPq2w')}@example.com/x"`).pass, 'Rt5yUi8oPq2w', 'random passwords count on any host');
  });
});

describe('connection password policy', () => {
  it('rejects empty, referenced, placeholder, short, documentation and local-default passwords', () => {
    assert.equal(connectionPasswordRejection('', 'u', 'db.prod.net'), 'empty');
    assert.equal(connectionPasswordRejection('${PW}', 'u', 'db.prod.net'), 'reference');
    assert.equal(connectionPasswordRejection('a${PW}', 'u', 'db.prod.net'), 'reference');
    assert.equal(connectionPasswordRejection('x{{pw}}', 'u', 'db.prod.net'), 'reference');
    assert.equal(connectionPasswordRejection('x%(pw)', 'u', 'db.prod.net'), 'reference');
    assert.equal(connectionPasswordRejection('%24%7BPW%7D', 'u', 'db.prod.net'), 'reference', 'decoded first');
    assert.equal(connectionPasswordRejection('changeme', 'u', 'db.prod.net'), 'placeholder');
    assert.equal(connectionPasswordRejection('a1b', 'u', 'db.prod.net'), 'short');
    assert.equal(connectionPasswordRejection('a1bc', 'u', 'db.prod.net'), undefined);
    assert.equal(connectionPasswordRejection('%E0%A4%A', 'u', 'db.prod.net'), undefined, 'bad percent-encoding: judged raw');
    assert.equal(connectionPasswordRejection('hunter2x', 'u', 'example.com'), 'documentation host');
    assert.equal(connectionPasswordRejection('hunter2x', 'u', 'db.example.org'), 'documentation host');
    assert.equal(connectionPasswordRejection('hunter2x', 'u', 'your-host'), 'documentation host');
    assert.equal(connectionPasswordRejection('hunter2x', 'u', 'yourhost'), 'documentation host');
    assert.equal(connectionPasswordRejection('hunter2x', 'u', 'myhostname'), undefined);
    assert.equal(connectionPasswordRejection('hunter2x', 'u', 'example.com.evil.net'), undefined);
    assert.equal(connectionPasswordRejection('Rt5yUi8oPq2w', 'u', 'example.com'), undefined);
    assert.equal(connectionPasswordRejection('Postgres', 'u', 'localhost'), 'local dev default');
    assert.equal(connectionPasswordRejection('AppUser', 'appuser', 'db'), 'local dev default');
    assert.equal(connectionPasswordRejection('AppUser', 'appuser', 'db.prod.net'), undefined);
    assert.equal(connectionPasswordRejection('postgres', 'u', 'db.prod.net'), undefined);
  });

  it('knows local hosts', () => {
    for (const h of ['localhost', 'LOCALHOST', '0.0.0.0', '::1', '[::1]', 'host.docker.internal', '127.0.0.1', '127.1.2.3', 'db', 'redis_cache', 'my-db']) assert.ok(isLocalHost(h), h);
    for (const h of ['db.prod.net', '10.0.0.1', '128.0.0.1', '[2001:db8::1]', 'a.localhost.evil', 'x127.0.0.1']) assert.ok(!isLocalHost(h), h);
  });
});
