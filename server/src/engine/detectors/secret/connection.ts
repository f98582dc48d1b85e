import { maskSecret } from '../../util';
import { DEFAULT_PASSWORDS, isPlaceholder, isReference, looksRandom } from './classify';

/**
 * Credentials inside connection strings (rule `secret/connection-string-credential`):
 * URLs with a password in their user information (RFC 3986 §3.2.1: `scheme://user:password@host`,
 * deprecated by the RFC because it leaks), libpq-style `?password=` query parameters, JDBC URLs
 * (`;password=`, `&password=`, Oracle thin `user/password@`), and ADO.NET/ODBC connection
 * strings (`Server=…;Password=…;`).
 *
 * Precision over recall: interpolations and references (`${DB_PASSWORD}`, `$PASS`,
 * `%(pw)s`, `{{ pw }}`, `<password>`), placeholders (`user:pass@`, `:password@`, `changeme`,
 * `***`), passwords under 4 characters, documentation hosts (`example.com`), and dev defaults on
 * local hosts (`postgres:postgres@localhost`, `guest:guest@rabbitmq`: a default password or one
 * equal to the user name, on localhost, a loopback address or a single-label compose service
 * name) are not reported. The same defaults on a remote host are.
 */

/** Keywords the shared prefilter looks for before any connection-string parsing happens. */
export const CONNECTION_KEYWORDS = ['://', 'jdbc:', 'password', 'pwd'] as const;

/** One credential-bearing connection string. Offsets are UTF-16 into the scanned text. */
export interface ConnectionMatch {
  /** Span reported: the URL or connection string (ADO.NET: from the `Password=` key). */
  start: number;
  end: number;
  /** Span of the password itself. Never show it: use `masked`. */
  passStart: number;
  passEnd: number;
  /** Human name of the scheme: "PostgreSQL", "Redis", "ADO.NET". */
  schemeName: string;
  /** Masked rendering for messages: `postgres://app:Xk2…w9Lq@db.internal`. */
  masked: string;
  /** Environment variable the fix reads the whole string from. */
  env: string;
  /** `url`: the fix applies only when the literal is exactly the URL; `whole`: the literal is the connection string. */
  form: 'url' | 'whole';
}

const SCHEMES: Record<string, { name: string; env: string }> = {
  postgres: { name: 'PostgreSQL', env: 'DATABASE_URL' },
  postgresql: { name: 'PostgreSQL', env: 'DATABASE_URL' },
  cockroachdb: { name: 'CockroachDB', env: 'DATABASE_URL' },
  mysql: { name: 'MySQL', env: 'DATABASE_URL' },
  mysqlx: { name: 'MySQL', env: 'DATABASE_URL' },
  mariadb: { name: 'MariaDB', env: 'DATABASE_URL' },
  mongodb: { name: 'MongoDB', env: 'MONGODB_URI' },
  'mongodb+srv': { name: 'MongoDB', env: 'MONGODB_URI' },
  redis: { name: 'Redis', env: 'REDIS_URL' },
  rediss: { name: 'Redis', env: 'REDIS_URL' },
  amqp: { name: 'AMQP (RabbitMQ)', env: 'AMQP_URL' },
  amqps: { name: 'AMQP (RabbitMQ)', env: 'AMQP_URL' },
  mssql: { name: 'SQL Server', env: 'DATABASE_URL' },
  sqlserver: { name: 'SQL Server', env: 'DATABASE_URL' },
  oracle: { name: 'Oracle', env: 'DATABASE_URL' },
  clickhouse: { name: 'ClickHouse', env: 'CLICKHOUSE_URL' },
  neo4j: { name: 'Neo4j', env: 'NEO4J_URI' },
  'neo4j+s': { name: 'Neo4j', env: 'NEO4J_URI' },
  bolt: { name: 'Neo4j', env: 'NEO4J_URI' },
  couchbase: { name: 'Couchbase', env: 'COUCHBASE_URL' },
  smtp: { name: 'SMTP', env: 'SMTP_URL' },
  smtps: { name: 'SMTP', env: 'SMTP_URL' },
  ftp: { name: 'FTP', env: 'FTP_URL' },
  ftps: { name: 'FTP', env: 'FTP_URL' },
  sftp: { name: 'SFTP', env: 'SFTP_URL' },
  ldap: { name: 'LDAP', env: 'LDAP_URL' },
  ldaps: { name: 'LDAP', env: 'LDAP_URL' },
  mqtt: { name: 'MQTT', env: 'MQTT_URL' },
  mqtts: { name: 'MQTT', env: 'MQTT_URL' },
  nats: { name: 'NATS', env: 'NATS_URL' },
  http: { name: 'HTTP', env: 'SERVICE_URL' },
  https: { name: 'HTTPS', env: 'SERVICE_URL' },
};

const USERINFO = /(?<user>(?:\$\{[^}\s]*\}|[^\s:/@'"`<>(){}[\],;\\])*):(?<pass>[^\s@/'"`<>\\]*)@(?<host>\[[0-9A-Fa-f:.]+\]|\$\{[^}\s]*\}|\{\w+\}|[A-Za-z0-9._~%-]+)(?<rest>[^\s'"`<>\\]*)/y;
const URL_TAIL = /(?<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~%-]+)(?<rest>[^\s'"`<>\\]*)/y;
const QUERY_PASSWORD = /[?&](?:password|pwd|pass)=(?<pass>[^&#\s'"`<>\\]*)/i;
const JDBC = /jdbc:(?<sub>[a-z0-9]+):(?<rest>[^\s'"`<>\\]*)/iy;
const ADO_PASSWORD = /\b(?:password|pwd)\s*=\s*/gi;
const ADO_CONTEXT = /\b(?:server|data source|host|address|addr|initial catalog|database|uid|user id|userid|username|user|dsn|driver|provider)\s*=/i;

/** True for hosts that only exist on a developer's machine or inside a compose network. */
export function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '0.0.0.0' || h === '::1' || h === 'host.docker.internal' || /^127\./.test(h) || /^[a-z0-9_-]+$/.test(h);
}

/** Why a password in a connection string is not reported, or undefined when it is. */
export function connectionPasswordRejection(password: string, user: string, host: string): string | undefined {
  let pass = password;
  try {
    pass = decodeURIComponent(password);
  } catch {
    // Not valid percent-encoding: judge the raw text.
  }
  if (pass.length === 0) return 'empty';
  if (isReference(pass) || /\$\{|\{\{|%\(/.test(pass)) return 'reference';
  if (isPlaceholder(pass)) return 'placeholder';
  if (pass.length < 4) return 'short';
  // Documentation hosts carry documentation passwords; a random-looking one is a real leak
  // whatever the host (generated code often uses example.com for "prod" hosts).
  if (/(?:^|\.)(?:example\.(?:com|org|net)|example|your[-_]?host|hostname|host)$/i.test(host) && !looksRandom(pass, 12)) return 'documentation host';
  if (isLocalHost(host) && (DEFAULT_PASSWORDS.has(pass.toLowerCase()) || pass.toLowerCase() === user.toLowerCase())) return 'local dev default';
  return undefined;
}

/**
 * Finds connection strings with hardcoded passwords in `text`.
 *
 * @param first offsets of the first occurrence of each of `CONNECTION_KEYWORDS` (from the shared
 *   prefilter); scanning starts there, and nothing runs when none occurs.
 */
export function scanConnections(text: string, first: Partial<Record<(typeof CONNECTION_KEYWORDS)[number], number>>, check: () => void = () => {}): ConnectionMatch[] {
  const out: ConnectionMatch[] = [];
  const push = (m: ConnectionMatch) => {
    if (!out.some((o) => o.start < m.end && m.start < o.end)) out.push(m);
  };
  if (first['jdbc:'] !== undefined) {
    for (let at = text.indexOf('jdbc:', first['jdbc:']); at >= 0; at = text.indexOf('jdbc:', at + 5)) {
      check();
      const m = jdbcAt(text, at);
      if (m) push(m);
    }
  }
  if (first['://'] !== undefined) {
    for (let at = text.indexOf('://', first['://']); at >= 0; at = text.indexOf('://', at + 3)) {
      check();
      const m = urlAt(text, at);
      if (m) push(m);
    }
  }
  const adoFrom = Math.min(first.password ?? Infinity, first.pwd ?? Infinity);
  if (adoFrom !== Infinity) {
    ADO_PASSWORD.lastIndex = adoFrom;
    for (let m = ADO_PASSWORD.exec(text); m; m = ADO_PASSWORD.exec(text)) {
      check();
      const found = adoAt(text, m.index, m.index + m[0].length);
      if (found) push(found);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A `scheme://user:pass@host…` URL whose `://` is at `at`. */
function urlAt(text: string, at: number): ConnectionMatch | undefined {
  const before = /([A-Za-z][A-Za-z0-9+.-]{1,30})$/.exec(text.slice(Math.max(0, at - 32), at));
  if (!before) return undefined;
  const rawScheme = before[1]!.toLowerCase();
  // SQLAlchemy `postgresql+psycopg2`: the dialect names the database.
  const scheme = SCHEMES[rawScheme] ? rawScheme : rawScheme.split('+')[0]!;
  const info = SCHEMES[scheme];
  if (!info) return undefined;
  const start = at - before[1]!.length;
  // `jdbc:postgresql://…` is handled as JDBC.
  if (text.slice(Math.max(0, start - 5), start).toLowerCase() === 'jdbc:') return undefined;
  USERINFO.lastIndex = at + 3;
  const m = USERINFO.exec(text);
  if (m?.groups) {
    const { user, pass, host, rest } = m.groups as { user: string; pass: string; host: string; rest: string };
    if (/[{}$]/.test(user) && !/^\$\{?\w+\}?$/.test(user)) return undefined;
    if (connectionPasswordRejection(pass, user, host)) return undefined;
    const passStart = at + 3 + user.length + 1;
    const end = trimUrlEnd(text, m.index + m[0].length, rest);
    return {
      start,
      end,
      passStart,
      passEnd: passStart + pass.length,
      schemeName: info.name,
      masked: `${before[1]}://${showUser(user, pass)}:${maskSecret(pass)}@${host}`,
      env: info.env,
      form: 'url',
    };
  }
  // libpq / mongodb style: credentials in the query string.
  URL_TAIL.lastIndex = at + 3;
  const t = URL_TAIL.exec(text);
  if (!t?.groups || scheme === 'http' || scheme === 'https') return undefined;
  const q = QUERY_PASSWORD.exec(t.groups.rest!);
  if (!q?.groups) return undefined;
  const pass = q.groups.pass!;
  const userQ = /[?&](?:user|username)=([^&#]*)/i.exec(t.groups.rest!)?.[1] ?? '';
  if (connectionPasswordRejection(pass, userQ, t.groups.host!)) return undefined;
  const restStart = at + 3 + t.groups.host!.length;
  const passStart = restStart + q.index + q[0].length - pass.length;
  return {
    start,
    end: trimUrlEnd(text, t.index + t[0].length, t.groups.rest!),
    passStart,
    passEnd: passStart + pass.length,
    schemeName: info.name,
    masked: `${before[1]}://${t.groups.host}?…password=${maskSecret(pass)}`,
    env: info.env,
    form: 'url',
  };
}

/** The user name for display, hidden when it would reveal the password (`postgres:postgres@…`). */
function showUser(user: string, pass: string): string {
  const u = user.toLowerCase();
  const p = pass.toLowerCase();
  return u.length >= 3 && (u.includes(p) || p.includes(u)) ? '…' : user;
}

/** Drops sentence punctuation a URL in prose or a comment ends with. */
function trimUrlEnd(text: string, end: number, rest: string): number {
  let e = end;
  if (rest.length) while (e > 0 && /[.,;:)\]]/.test(text[e - 1]!)) e--;
  return e;
}

/** A JDBC URL at `at` with a `password=` property or Oracle thin `user/password@`. */
function jdbcAt(text: string, at: number): ConnectionMatch | undefined {
  JDBC.lastIndex = at;
  const m = JDBC.exec(text);
  if (!m?.groups) return undefined;
  const rest = m.groups.rest!;
  const restStart = at + m[0].length - rest.length;
  const sub = m.groups.sub!.toLowerCase();
  const name = `JDBC ${SCHEMES[sub]?.name ?? sub}`;
  const prop = /[?;&:](?:password|pwd)=(?<pass>[^&;\s'"`<>\\]*)/di.exec(rest);
  const thin = /^thin:(?<user>[A-Za-z0-9_$#]+)\/(?<pass>[^@\s'"`<>\\]+)@(?<host>[^:/\s'"`]+)/di.exec(rest);
  const hit = prop ?? thin;
  const passSpan = hit?.indices?.groups?.pass;
  if (!hit?.groups || !passSpan) return undefined;
  const pass = hit.groups.pass!;
  const user = hit.groups.user ?? /[?;&:](?:user|username|user id)=([^&;]*)/i.exec(rest)?.[1] ?? '';
  const host = hit.groups.host ?? /\/\/([^:/;?]+)/.exec(rest)?.[1] ?? '';
  if (connectionPasswordRejection(pass, user, host)) return undefined;
  const passStart = restStart + passSpan[0];
  return {
    start: at,
    end: at + m[0].length,
    passStart,
    passEnd: passStart + pass.length,
    schemeName: name,
    masked: `jdbc:${m.groups.sub}:…password=${maskSecret(pass)}`,
    env: 'DATABASE_URL',
    form: 'whole',
  };
}

/**
 * An ADO.NET/ODBC `Password=…` (or `Pwd=…`) at `keyStart`, counted only when the same
 * `;`-separated string also names a server, database or user, so `PASSWORD=x` lines in `.env`
 * files and prose are left to the other rules.
 */
function adoAt(text: string, keyStart: number, valueStart: number): ConnectionMatch | undefined {
  const lineStart = Math.max(text.lastIndexOf('\n', keyStart) + 1, keyStart - 400);
  const before = text.slice(lineStart, keyStart);
  // Inside the same string or value: stop at the last quote or `=` that opens it.
  const segStart = Math.max(before.lastIndexOf('"'), before.lastIndexOf("'"), before.lastIndexOf('`')) + 1;
  const segment = before.slice(segStart);
  if (!/;\s*$/.test(segment) || !ADO_CONTEXT.test(segment)) return undefined;
  if (/[?&]$/.test(segment.trimEnd())) return undefined;
  const valueEnd = (() => {
    let e = valueStart;
    while (e < text.length && !/[;'"`\r\n]/.test(text[e]!)) e++;
    return e;
  })();
  const pass = text.slice(valueStart, valueEnd).trim();
  const user = /\b(?:uid|user id|userid|username|user)\s*=\s*([^;]*)/i.exec(segment)?.[1]?.trim() ?? '';
  const host = /\b(?:server|data source|host|address|addr)\s*=\s*([^;,]*)/i.exec(segment)?.[1]?.trim().replace(/^tcp:/i, '') ?? '';
  if (connectionPasswordRejection(pass, user, host.split(/[\\,:]/)[0] ?? host)) return undefined;
  return {
    start: keyStart,
    end: valueStart + text.slice(valueStart, valueEnd).trimEnd().length,
    passStart: valueStart,
    passEnd: valueStart + pass.length,
    schemeName: 'ADO.NET/ODBC',
    masked: `Password=${maskSecret(pass)}`,
    env: 'DB_CONNECTION_STRING',
    form: 'whole',
  };
}
