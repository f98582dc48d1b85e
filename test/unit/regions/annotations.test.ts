import { strict as assert } from 'node:assert';
import { annotationRegions, findAnnotations } from '../../../server/src/regions';
import { normText } from './helpers';

describe('regions/annotations: @ai-generated … @end-ai-generated', () => {
  it('reads a pair in // comments with attributes; the region is the lines between the markers', () => {
    const text = ['import x;', '// @ai-generated tool=copilot model=gpt-4o', 'export function f() {', '  return 1;', '}', '// @end-ai-generated', 'rest();'].join('\n');
    const { annotations, problems } = findAnnotations(text, 'src/f.ts');
    assert.deepEqual(problems, []);
    assert.equal(annotations.length, 1);
    const a = annotations[0]!;
    assert.equal(a.startMarkerLine, 1);
    assert.equal(a.endMarkerLine, 5);
    assert.deepEqual(a.attributes, { tool: 'copilot', model: 'gpt-4o' });
    assert.equal(normText(text, a.range), 'export function f() {\n  return 1;\n}');
  });

  it('works in #, /* */, JSDoc, HTML, SQL and Lisp-style comments; quoted attribute values', () => {
    const cases: [string, string, string][] = [
      ['# @ai-generated tool="claude code"', '# @end-ai-generated', 'claude code'],
      ['/* @ai-generated tool=cursor */', '/* @end-ai-generated */', 'cursor'],
      [' * @ai-generated tool=cody', ' * @end-ai-generated', 'cody'],
      ['<!-- @ai-generated tool=v0 -->', '<!-- @end-ai-generated -->', 'v0'],
      ['-- @ai-generated tool=sqlbot', '-- @end-ai-generated', 'sqlbot'],
      ["; @ai-generated tool='emacs ai'", ';; @end-ai-generated', 'emacs ai'],
    ];
    for (const [start, end, tool] of cases) {
      const text = `${start}\ncode line\n${end}\n`;
      const { annotations, problems } = findAnnotations(text, 'f');
      assert.deepEqual(problems, [], start);
      assert.equal(annotations.length, 1, start);
      assert.equal(annotations[0]!.attributes.tool, tool, start);
      assert.equal(normText(text, annotations[0]!.range), 'code line');
    }
  });

  it('ignores markers inside strings and look-alikes', () => {
    const text = ['const s = "// @ai-generated";', "const t = '@ai-generated';", '// @ai-generated-ish', 'x();'].join('\n');
    const { annotations, problems } = findAnnotations(text, 'f');
    assert.deepEqual(annotations, []);
    assert.deepEqual(problems, []);
  });

  it('reports an end marker without a start, a start without an end, and an empty pair', () => {
    const text = ['// @end-ai-generated', 'a();', '// @ai-generated', '// @end-ai-generated', '// @ai-generated tool=x', 'b();'].join('\n');
    const { annotations, problems } = findAnnotations(text, 'src/p.ts');
    assert.equal(annotations.length, 0);
    assert.equal(problems.length, 3);
    assert.match(problems[0]!.message, /line 1 has no matching @ai-generated/);
    assert.equal(problems[0]!.range?.start.line, 0);
    assert.match(problems[1]!.message, /marks no code/);
    assert.match(problems[2]!.message, /line 5 has no matching @end-ai-generated/);
    assert.equal(problems[2]!.file, 'src/p.ts');
    assert.equal(problems[2]!.severity, 'warning');
  });

  it('a second start before an end is reported and the new pair still counts', () => {
    const text = ['// @ai-generated', 'a();', '// @ai-generated tool=y', 'b();', '// @end-ai-generated'].join('\n');
    const { annotations, problems } = findAnnotations(text, 'f');
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /before the next @ai-generated/);
    assert.equal(annotations.length, 1);
    assert.equal(normText(text, annotations[0]!.range), 'b();');
  });

  it('annotationRegions: method annotation, origin from attributes, stable ids; marker edits do not change the hash', () => {
    const text = '# @ai-generated tool=copilot model=gpt-4o\ndef f():\n    return 1\n# @end-ai-generated\n';
    const a = annotationRegions('src/f.py', text).regions;
    assert.equal(a.length, 1);
    assert.deepEqual(a[0]!.origin, { tool: 'copilot', model: 'openai/gpt-4o', method: 'annotation' });
    assert.match(a[0]!.id, /^an-[0-9a-f]{24}$/);
    const b = annotationRegions('src/f.py', text.replace('model=gpt-4o', 'model=gpt-4o reviewed=no')).regions;
    assert.equal(b[0]!.id, a[0]!.id);
    assert.equal(b[0]!.contentHash, a[0]!.contentHash);
    const moved = annotationRegions('src/f.py', `import os\n${text}`).regions;
    assert.equal(moved[0]!.id, a[0]!.id, 'id survives moves');
  });
});
