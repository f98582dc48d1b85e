import ts from 'typescript';
import type { Node } from 'web-tree-sitter';
import { importsOf } from '../js/ast';
import type { LineIndex } from '../text';

/** An insertion at an offset, before conversion to an LSP edit. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * Edit that makes `localName` available from `module` in a JS/TS file, in the file's own style
 * (ES `import` when it has any, otherwise `require`). Returns undefined when the name is already
 * bound to that module; `conflict` when the name is bound to something else (the fix must not
 * shadow it).
 */
export function ensureJsImport(sf: ts.SourceFile, lines: LineIndex, spec: { module: string; name: string; kind: 'named' | 'default' }): OffsetEdit | undefined | 'conflict' {
  const existing = importsOf(sf).get(spec.name);
  if (existing) return existing.module === spec.module ? undefined : 'conflict';
  const statements = sf.statements;
  const esm = statements.some((s) => ts.isImportDeclaration(s)) || !statements.some((s) => /\brequire\s*\(/.test(s.getText(sf)));
  const eol = lines.eol();
  const text = esm
    ? spec.kind === 'named'
      ? `import { ${spec.name} } from '${spec.module}';`
      : `import ${spec.name} from '${spec.module}';`
    : spec.kind === 'named'
      ? `const { ${spec.name} } = require('${spec.module}');`
      : `const ${spec.name} = require('${spec.module}');`;
  // After the last import/require at the top of the file, else at the top (after a shebang or directives).
  let anchor: ts.Statement | undefined;
  for (const s of statements) {
    const isImport = ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s) || (ts.isVariableStatement(s) && /\brequire\s*\(/.test(s.getText(sf)));
    const isDirective = ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression);
    if (isImport || (isDirective && !anchor)) anchor = s;
    else if (anchor || !isDirective) break;
  }
  if (anchor) return { start: anchor.end, end: anchor.end, newText: `${eol}${text}` };
  const shebang = sf.text.startsWith('#!') ? sf.text.indexOf('\n') + 1 : 0;
  return { start: shebang, end: shebang, newText: `${text}${eol}` };
}

/**
 * Edit that adds `import module` (or `from module import name`) to a Python module unless it
 * is already imported. Inserted after the last top-level import, or after the docstring.
 */
export function ensurePyImport(root: Node, lines: LineIndex, spec: { module: string; name?: string }): OffsetEdit | undefined {
  let last: Node | undefined;
  let docstring: Node | undefined;
  for (const s of root.namedChildren) {
    if (!s) continue;
    if (s.type === 'import_statement' || s.type === 'import_from_statement' || s.type === 'future_import_statement') {
      last = s;
      const text = s.text.replace(/\s+/g, ' ');
      if (!spec.name && s.type === 'import_statement' && new RegExp(`^import (?:.*, *)?${spec.module.replace(/\./g, '\\.')}(?: *,|$| as)`).test(text)) return undefined;
      if (spec.name && s.type === 'import_from_statement' && text.startsWith(`from ${spec.module} import`) && new RegExp(`\\b${spec.name}\\b`).test(text)) return undefined;
    } else if (!last && !docstring && s.type === 'expression_statement' && s.namedChildren[0]?.type === 'string') {
      docstring = s;
    } else if (s.type !== 'comment') {
      break;
    }
  }
  const eol = lines.eol();
  const stmt = spec.name ? `from ${spec.module} import ${spec.name}` : `import ${spec.module}`;
  const anchor = last ?? docstring;
  if (anchor) return { start: anchor.endIndex, end: anchor.endIndex, newText: `${eol}${stmt}` };
  return { start: 0, end: 0, newText: `${stmt}${eol}` };
}
