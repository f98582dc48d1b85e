import { strict as assert } from 'node:assert';
import { SYNTAX } from '../../../server/src/engine/languages';
import type { LanguageSyntax } from '../../../server/src/engine/languages';
import { delimiterClass, kindAt, lex, segmentAt, type Lexed } from '../../../server/src/engine/lexer';

/** Segments as [kind, text] pairs, with string contents in brackets. */
function segments(l: Lexed): string[] {
  return l.starts.map((s, i) => {
    const end = l.starts[i + 1] ?? l.text.length;
    const raw = l.text.slice(s, end);
    return l.kinds[i] === 'string' ? `string:${raw}[${l.text.slice(l.contentStarts[i], l.contentEnds[i])}]` : `${l.kinds[i]}:${raw}`;
  });
}

describe('lexer', () => {
  it('cuts JavaScript into code, strings and comments', () => {
    const text = 'const q = "SELECT " + id; // SELECT *\n/* a\nb */ x = `t${1}`;';
    const l = lex(text, SYNTAX.javascript);
    assert.deepEqual(segments(l), [
      'code:const q = ',
      'string:"SELECT "[SELECT ]',
      'code: + id; ',
      'comment:// SELECT *',
      'code:\n',
      'comment:/* a\nb */',
      'code: x = ',
      'string:`t${1}`[t${1}]',
      'code:;',
    ]);
    assert.equal(l.codeView, 'const q = "SELECT " + id;            \n    \n     x = `t${1}`;');
    assert.equal(l.codeView.length, text.length);
    assert.equal(l.text, text);
  });

  it('keeps escaped delimiters inside a string', () => {
    assert.deepEqual(segments(lex('a = "x\\"y" + \'it\\\'s\'', SYNTAX.javascript)), ['code:a = ', 'string:"x\\"y"[x\\"y]', 'code: + ', "string:'it\\'s'[it\\'s]", 'code:']);
    // Go raw strings have no escapes.
    assert.deepEqual(segments(lex('s := `a\\` + "b"', SYNTAX.go)), ['code:s := ', 'string:`a\\`[a\\]', 'code: + ', 'string:"b"[b]', 'code:']);
  });

  it('ends an unterminated single-line string at the line end, a multi-line one at the text end', () => {
    assert.deepEqual(segments(lex('a = "open\nb = 1', SYNTAX.javascript)), ['code:a = ', 'string:"open[open]', 'code:\nb = 1']);
    assert.deepEqual(segments(lex('a = "open\r\nb', SYNTAX.javascript)), ['code:a = ', 'string:"open[open]', 'code:\r\nb']);
    assert.deepEqual(segments(lex('a = `open\nb = 1', SYNTAX.javascript)), ['code:a = ', 'string:`open\nb = 1[open\nb = 1]', 'code:']);
    assert.deepEqual(segments(lex('/* open\nb', SYNTAX.javascript)), ['code:', 'comment:/* open\nb', 'code:']);
    assert.deepEqual(segments(lex('x // end', SYNTAX.javascript)), ['code:x ', 'comment:// end', 'code:']);
  });

  it('stops at a backslash that ends the text', () => {
    const l = lex('a = "x\\', SYNTAX.javascript);
    assert.deepEqual(segments(l), ['code:a = ', 'string:"x\\[x\\]', 'code:']);
    assert.deepEqual(l.starts, [0, 4, 7], 'no segment starts past the end');
    assert.equal(l.contentEnds[1], 7);
  });

  it('prefers the longest delimiter (Python triple quotes)', () => {
    assert.deepEqual(segments(lex('s = """a "b"\nc""" # d', SYNTAX.python)), ['code:s = ', 'string:"""a "b"\nc"""[a "b"\nc]', 'code: ', 'comment:# d', 'code:']);
    assert.deepEqual(segments(lex("t = ''", SYNTAX.python)), ['code:t = ', "string:''[]", 'code:']);
  });

  it('starts a # comment in config formats only at a token boundary', () => {
    assert.deepEqual(segments(lex('url: http://a.b/#frag # note\n#top', SYNTAX.yaml)), ['code:url: http://a.b/#frag ', 'comment:# note', 'code:\n', 'comment:#top', 'code:']);
    assert.deepEqual(segments(lex('x#y', SYNTAX.python)), ['code:x', 'comment:#y', 'code:'], 'code languages: anywhere');
    assert.deepEqual(segments(lex('a=1\t#c', SYNTAX.dotenv)), ['code:a=1\t', 'comment:#c', 'code:']);
  });

  it('merges adjacent code; a text without delimiters is one segment, one that ends in a delimited span ends with an empty code segment', () => {
    assert.deepEqual(segments(lex('just words', SYNTAX.plaintext)), ['code:just words']);
    assert.deepEqual(segments(lex('', SYNTAX.javascript)), ['code:']);
    // A character that could open a delimiter but does not ('/' alone) stays in the code segment.
    assert.deepEqual(segments(lex('a / b', SYNTAX.javascript)), ['code:a / b']);
    assert.deepEqual(segments(lex('<a x="1"/><!-- c -->', SYNTAX.xml)), ['code:<a x=', 'string:"1"[1]', 'code:/>', 'comment:<!-- c -->', 'code:']);
  });

  it('treats // as a comment anywhere in JSON, but # only at a token boundary', () => {
    assert.deepEqual(segments(lex('{"a":1,// c\n}', SYNTAX.json)), ['code:{', 'string:"a"[a]', 'code::1,', 'comment:// c', 'code:\n}']);
  });

  it('builds its delimiter table for any syntax, longest delimiter first whatever the order given', () => {
    const custom = { ...SYNTAX.python, lineComments: ['%%', '#'], strings: [{ open: "'", close: "'", escape: false, multiline: false }, { open: "'''", close: "'''", escape: false, multiline: true }] };
    assert.deepEqual(segments(lex("a = '''x\n'y''' %% c\nb = 'z' # d", custom)), ['code:a = ', "string:'''x\n'y'''[x\n'y]", 'code: ', 'comment:%% c', 'code:\nb = ', "string:'z'[z]", 'code: ', 'comment:# d', 'code:']);
    const blockOnly = { ...SYNTAX.xml, strings: [] };
    assert.deepEqual(segments(lex('<a x="1"/><!-- c\n-->y', blockOnly)), ['code:<a x="1"/>', 'comment:<!-- c\n-->', 'code:y']);
    const none = { ...SYNTAX.plaintext };
    assert.deepEqual(segments(lex('a "b" # c', none)), ['code:a "b" # c']);
  });

  it('replaces only comments in the code view, keeping CR and LF', () => {
    const l = lex('a # x\r\n"#" # y\rz', SYNTAX.python);
    assert.equal(l.codeView, 'a    \r\n"#"    \rz');
    const block = lex('a /* 1\r\n2 */ b', SYNTAX.javascript);
    assert.equal(block.codeView, 'a     \r\n     b');
    const none = lex('a = "b"', SYNTAX.javascript);
    assert.equal(none.codeView, 'a = "b"');
  });

  it('locates the segment and the kind of any offset', () => {
    const text = 'x = "s" // c\ny';
    const l = lex(text, SYNTAX.javascript);
    const letter = { code: 'c', string: 's', comment: 'm' } as const;
    const kinds = [...text].map((_, i) => letter[kindAt(l, i)]).join('');
    assert.equal(kinds, 'cccc' + 'sss' + 'c' + 'mmmm' + 'c' + 'c');
    assert.equal(segmentAt(l, 0), 0);
    assert.equal(segmentAt(l, 3), 0);
    assert.equal(segmentAt(l, 4), 1);
    assert.equal(segmentAt(l, 6), 1);
    assert.equal(segmentAt(l, 7), 2);
    assert.equal(segmentAt(l, 8), 3);
    assert.equal(segmentAt(l, 12), 4);
    assert.equal(segmentAt(l, 999), 4);
    assert.equal(segmentAt(l, -1), 0);
  });

  it('builds the delimiter class with every character literal, - ] \\ ^ included', () => {
    const ascii = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));
    const sets = [['a', '-', 'z'], ["'", '-', '#'], ['-'], ['x', '-'], ['^'], ['^', 'a'], [']', 'a'], ['a', ']', 'b'], ['\\', 'n'], ['[', ':'], ['.', '*', '+', '?', '$', '{', '}', '(', ')', '|', '/'], []];
    for (const chars of sets) {
      const re = delimiterClass(chars);
      assert.ok(re.global, 'global, for lastIndex scanning');
      const matched = ascii.filter((c) => {
        re.lastIndex = 0;
        return re.test(c);
      });
      assert.deepEqual(matched, ascii.filter((c) => chars.includes(c)), JSON.stringify(chars));
    }
  });

  it('lexes a syntax whose - falls between other first characters (SQL-style -- comments)', () => {
    const sqlish: LanguageSyntax = {
      family: 'pattern',
      lineComments: ['--', '#'],
      blockComments: [],
      strings: [{ open: "'''", close: "'''", escape: false, multiline: true }, { open: "'", close: "'", escape: true, multiline: false }],
      insertComment: { prefix: '-- ' },
      config: false,
    };
    // First characters, longest delimiter first: ' - # , i.e. the class ['-#] unless - is escaped.
    const l = lex("a - b -- c\n'x-y' # d\n'''e'''", sqlish);
    assert.deepEqual(segments(l), ['code:a - b ', 'comment:-- c', 'code:\n', "string:'x-y'[x-y]", 'code: ', 'comment:# d', 'code:\n', "string:'''e'''[e]", 'code:']);
  });
});
