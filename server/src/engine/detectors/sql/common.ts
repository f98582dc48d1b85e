/**
 * Names and texts shared by the `sql` category's detectors (JS/TS, Python, text), so messages
 * and "no fix" reasons read the same in every language.
 */

/** The main rule: SQL text built from strings reaching a query API (CWE-89). */
export const SQL_RULE = 'sql/string-built-query';

/** Why a finding has no quick fix; one sentence each, shown to the user. */
export const FIX_REASONS = {
  unknownDriverJs:
    'Redline cannot tell which database driver runs this query (no pg, mysql2, sqlite3, better-sqlite3, sequelize, knex, typeorm, @prisma/client, mssql or postgres import in this file), so it does not know the placeholder syntax.',
  unknownDriverPy:
    'Redline cannot tell which database driver runs this query (no sqlite3, psycopg2, psycopg, pymysql, MySQLdb, mysql.connector, sqlalchemy or django import in this file), so it does not know the placeholder syntax.',
  noRewrite: 'Redline has no exact rewrite for this call; pass the values as query parameters by hand.',
  conditional: 'The query text is built in branches or loops, so its placeholders would depend on which ran; build the parameter list alongside the text by hand.',
  sharedVariable: (name: string) => `The variable ${name} that holds the SQL is used elsewhere too, so rewriting where it is built would change those uses.`,
  outerVariable: (name: string) => `The SQL in ${name} is built in an enclosing function and used in a closure; parameterize it where it is built and pass the values along.`,
  formatElsewhere: (name: string) => `The format string ${name} is defined elsewhere; put placeholders in it and pass the values as parameters by hand.`,
  taggedThroughVariable: 'A tagged template must be written at the call, and this query is built in a variable; inline it as a tagged template by hand.',
  paramsNotLiteral: 'The call already passes parameters that are not a literal list or object, so Redline cannot place the new values among them.',
  existingMismatch: 'The placeholders already in the query do not match the parameters passed with it.',
  sqlite3Exec: "sqlite3's exec() takes no parameters; run the statement with db.run(sql, params) instead.",
  betterSqliteExec: "better-sqlite3's exec() takes no parameters; run the statement with db.prepare(sql).run(...params) instead.",
  preparedElsewhere: 'The prepared statement is run elsewhere, so the values must be passed where it runs (stmt.get(...values)).',
  typeormUnknown: "TypeORM's placeholder syntax depends on the database (PostgreSQL $1, MySQL/SQLite ?), and this file does not show which one it uses.",
  mssqlCallback: 'This mssql call passes a callback; rewrite it as request.input(...) parameters by hand.',
  sequelizeBind: 'The query already uses Sequelize bind parameters ($1); add the new values to bind by hand.',
  executemany: 'executemany() runs the statement once per row, so the values spliced into its text cannot be moved into the per-row parameters automatically.',
  executescript: "sqlite3's executescript() takes no parameters; run the statement with execute(sql, params) instead.",
  pandasDriver: 'pandas passes the query to a connection whose driver this file does not show, so the placeholder syntax is unknown.',
  textNotInExecute: 'The text() clause is not passed straight to execute(), so Redline binds its values with .bindparams() only when it can see the whole clause.',
  djangoExtra: 'extra() already has params or builds select/order_by clauses; move the values into params by hand (or replace extra() with annotate/filter).',
  configObject: 'The query is passed as a config object ({ text, values }); move the values into its values array by hand.',
  sequelizeLiteral: 'Sequelize.literal() inserts its text as is and takes no parameters; use a where clause with replacements (or Sequelize.where) instead.',
  prismaRaw: "Prisma.raw() inserts its text as is; build the fragment with Prisma.sql`...${value}` instead.",
  patternLanguage: 'Redline offers no automatic rewrite for this language yet; pass the values as parameters of the prepared statement.',
} as const;

/** "a template literal and string concatenation" from a set of building methods. */
export function howText(how: ReadonlySet<string>): string {
  const list = [...how];
  if (list.length === 0) return 'string building';
  if (list.length === 1) return list[0]!;
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}
