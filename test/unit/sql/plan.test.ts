import { strict as assert } from 'node:assert';
import { planParameterization, REASONS, type ExistingParams, type PlaceholderStyle, type Segment, type SqlPart } from '../../../server/src/engine/detectors/sql/plan';
import { looksLikeSqlFragment, looksLikeSqlStatement } from '../../../server/src/engine/detectors/sql/shape';

/** Parts from a template: `{name}` is a value (`{#name}` a number by construction, `{=name:text}` a constant). */
function parts(template: string, site = 0): SqlPart[] {
  const out: SqlPart[] = [];
  let at = 0;
  for (const m of template.matchAll(/\{([#=]?)(\w+)(?::([^}]*))?\}/g)) {
    if (m.index! > at) out.push({ kind: 'text', text: template.slice(at, m.index), site });
    const expr = m[2]!;
    if (m[1] === '=') out.push({ kind: 'value', site, expr, start: 0, end: 0, numeric: false, sanitized: true, shapeText: m[3] ?? '' });
    else out.push({ kind: 'value', site, expr, start: 0, end: 0, numeric: m[1] === '#', nameHint: expr });
    at = m.index! + m[0].length;
  }
  if (at < template.length) out.push({ kind: 'text', text: template.slice(at), site });
  return out;
}

/** The plan rendered as text: params as `<expr>` for tagged, inline values as `{expr}`; then the parameter list. */
function render(template: string, style: PlaceholderStyle, existing: ExistingParams = { kind: 'none' }): string {
  const outcome = planParameterization(parts(template), 1, style, existing);
  if (!outcome.ok) return `DECLINED: ${outcome.reason}`;
  const seg = (s: Segment) => (s.kind === 'text' ? s.text : s.kind === 'inline' ? `{${s.value.expr}}` : `<${s.param.prefix}${s.param.value.expr}${s.param.suffix}>`);
  const text = outcome.plan.sites[0]!.map(seg).join('');
  const params =
    style === 'colon'
      ? outcome.plan.named.map((p) => `${p.name}=${p.prefix}${p.value.expr}${p.suffix}`)
      : outcome.plan.ordered.map((p) => (p.kind === 'existing' ? `#${p.index}` : `${p.param.prefix}${p.param.value.expr}${p.param.suffix}`));
  return `${text} | ${params.join(', ')}`;
}

describe('sql plan: parameterizing string-built SQL', () => {
  it('drops the quotes around a value and keeps unquoted values', () => {
    assert.equal(render("SELECT * FROM t WHERE a = '{x}' AND b = {y}", 'numbered'), 'SELECT * FROM t WHERE a = $1 AND b = $2 | x, y');
    assert.equal(render("SELECT * FROM t WHERE a = '{x}' AND b = {y}", 'qmark'), 'SELECT * FROM t WHERE a = ? AND b = ? | x, y');
    assert.equal(render("INSERT INTO t (a, b) VALUES ('{x}', {y})", 'format'), 'INSERT INTO t (a, b) VALUES (%s, %s) | x, y');
  });

  it('moves LIKE wildcards written around the value into the parameter', () => {
    assert.equal(render("SELECT * FROM t WHERE name LIKE '%{q}%'", 'qmark'), 'SELECT * FROM t WHERE name LIKE ? | %q%');
    assert.equal(render("SELECT * FROM t WHERE name ILIKE '{q}%'", 'colon'), 'SELECT * FROM t WHERE name ILIKE :q | q=q%');
  });

  it('renumbers existing $n in text order and merges the existing array', () => {
    // $2 → index 1 comes first, then the new value, then $1 → index 0.
    assert.equal(render("SELECT * FROM t WHERE a = $2 AND b = '{name}' AND c = $1", 'numbered', { kind: 'positional', count: 2 }), 'SELECT * FROM t WHERE a = $1 AND b = $2 AND c = $3 | #1, name, #0');
    // A placeholder used twice keeps one number.
    assert.equal(render("SELECT * FROM t WHERE a = $1 OR b = $1 AND c = '{x}'", 'numbered', { kind: 'positional', count: 1 }), 'SELECT * FROM t WHERE a = $1 OR b = $1 AND c = $2 | #0, x');
  });

  it('inserts new ? values among the existing ones in text order', () => {
    assert.equal(render("SELECT * FROM t WHERE a = '{x}' AND b = ? AND c = {y}", 'qmark', { kind: 'positional', count: 1 }), 'SELECT * FROM t WHERE a = ? AND b = ? AND c = ? | x, #0, y');
  });

  it('doubles literal % for %s drivers only when the call had no parameters', () => {
    assert.equal(render("SELECT * FROM t WHERE a LIKE 'x%' AND b = '{v}'", 'format'), "SELECT * FROM t WHERE a LIKE 'x%%' AND b = %s | v");
    assert.equal(render("SELECT * FROM t WHERE a LIKE 'x%%' AND c = %s AND b = '{v}'", 'format', { kind: 'positional', count: 1 }), "SELECT * FROM t WHERE a LIKE 'x%%' AND c = %s AND b = %s | #0, v");
  });

  it('names :params after the values, once per value, avoiding existing names', () => {
    assert.equal(render("SELECT * FROM t WHERE a = '{id}' OR b = '{id}'", 'colon'), 'SELECT * FROM t WHERE a = :id OR b = :id | id=id');
    assert.equal(render("SELECT * FROM t WHERE a = :id AND b = '{id}'", 'colon', { kind: 'named', names: ['id'] }), 'SELECT * FROM t WHERE a = :id AND b = :id2 | id2=id');
  });

  it('keeps numbers by construction and constants where they are', () => {
    assert.equal(render("SELECT * FROM t WHERE a = '{x}' LIMIT {#n}", 'numbered'), 'SELECT * FROM t WHERE a = $1 LIMIT {n} | x');
    assert.equal(render("{=BASE:SELECT * FROM t} WHERE a = '{x}'", 'qmark'), '{BASE} WHERE a = ? | x');
  });

  it('tagged style: values become template slots', () => {
    assert.equal(render("SELECT * FROM t WHERE a = '{x}' AND b LIKE '%{y}'", 'tagged'), 'SELECT * FROM t WHERE a = <x> AND b LIKE <%y> | ');
  });

  it('declines, with a reason, what a placeholder cannot stand for', () => {
    const cases: [string, string][] = [
      ['SELECT * FROM {table} WHERE a = 1', REASONS.identifier],
      ['SELECT * FROM t ORDER BY {col}', REASONS.orderBy],
      ['SELECT * FROM t ORDER BY name {dir}', REASONS.orderBy],
      ['SELECT * FROM t WHERE id IN ({ids})', REASONS.inList],
      ['SELECT * FROM t WHERE id = ANY({ids})', REASONS.inList],
      ['SELECT * FROM t LIMIT {n}', REASONS.limit],
      ['SELECT * FROM t WHERE {cond}', REASONS.sqlText],
      ['SELECT * FROM t WHERE a = "{x}"', REASONS.doubleQuoted],
      ["SELECT * FROM t WHERE a = '{x} {y}'", REASONS.severalInLiteral],
      ["SELECT * FROM t WHERE a = 'it''s {x}'", REASONS.severalInLiteral],
      ['SELECT * FROM t WHERE a = {x}{y}', REASONS.glued],
      ['SELECT * FROM t WHERE a = 1 -- {x}', REASONS.comment],
    ];
    for (const [template, reason] of cases) assert.equal(render(template, 'numbered'), `DECLINED: ${reason}`, template);
  });

  it('declines when the text already holds placeholders but no parameters are passed', () => {
    assert.equal(render("SELECT * FROM t WHERE a = $1 AND b = '{x}'", 'numbered'), `DECLINED: ${REASONS.literalPlaceholder}`);
    assert.equal(render("SELECT * FROM t WHERE a = ? AND b = '{x}'", 'qmark', { kind: 'positional', count: 2 }), `DECLINED: ${REASONS.existingMismatch}`);
  });

  it('spans several build sites: each site gets its own text, the parameters one order', () => {
    const p = [...parts('SELECT * FROM t WHERE a = $1', 0), ...parts(" AND b = '{x}'", 1), ...parts(' AND c = {y}', 2)];
    const outcome = planParameterization(p, 3, 'numbered', { kind: 'positional', count: 1 });
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.plan.changed, [false, true, true]);
    assert.deepEqual(outcome.plan.sites.map((s) => s.map((x) => (x.kind === 'text' ? x.text : '?')).join('')), ['SELECT * FROM t WHERE a = $1', ' AND b = $2', ' AND c = $3']);
    const crossing = [...parts("SELECT * FROM t WHERE b = '", 0), ...parts("{x}'", 1)];
    const declined = planParameterization(crossing, 2, 'numbered', { kind: 'none' });
    assert.ok(!declined.ok && declined.reason === REASONS.crossSite);
  });
});

describe('sql shape', () => {
  it('statements need a keyword and its structure', () => {
    for (const s of ['SELECT * FROM users WHERE id = ?', 'select id from t', '  INSERT INTO t VALUES (?)', 'UPDATE t SET a = ?', 'DELETE FROM t', 'WITH x AS (SELECT 1) SELECT * FROM x', 'DROP TABLE t', 'TRUNCATE users', 'EXEC sp_who', 'CALL refresh(?)', 'EXPLAIN SELECT a FROM b']) {
      assert.ok(looksLikeSqlStatement(s), s);
    }
    for (const s of ['Selected ? items', 'Updating ? now', 'Deleted ? rows', 'Please select an option', 'update available', 'Drop us a line', 'insertion sort']) {
      assert.ok(!looksLikeSqlStatement(s), s);
    }
  });

  it('fragments need an operator or a clause keyword', () => {
    assert.ok(looksLikeSqlFragment('name = ?'));
    assert.ok(looksLikeSqlFragment('? DESC'));
    assert.ok(!looksLikeSqlFragment('hello ?'));
  });
});
