import ts from 'typescript'

const SCRIPT_KIND = { '.ts': ts.ScriptKind.TS, '.mts': ts.ScriptKind.TS, '.cts': ts.ScriptKind.TS, '.tsx': ts.ScriptKind.TSX }

/** The string a module-specifier node holds, or undefined when it is not a plain literal. */
function literal(node) {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined
}

/** `require.resolve('x')` and `import.meta.resolve('x')`: they need the package installed too. */
function isResolveCall(callee) {
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'resolve') return false
  const target = callee.expression
  return (ts.isIdentifier(target) && target.text === 'require') || (ts.isMetaProperty(target) && target.keywordToken === ts.SyntaxKind.ImportKeyword)
}

/**
 * Every module a source file refers to, with the line it is named on: static imports and
 * re-exports (`import type` and `export type` included), `import x = require()`, dynamic
 * `import()`, `require()`, `require.resolve()`, `import.meta.resolve()` and type-level
 * `import('x').T`. The file is parsed, not pattern-matched, so an import inside a comment or
 * a string (a test writing a scenario file, say) is not one. A specifier that is not a
 * literal (`import(name)`) cannot be checked and is skipped.
 * @returns {{ specifier: string, line: number }[]}
 */
export function importsOf(fileName, text) {
  const ext = /\.[^.]+$/.exec(fileName)?.[0] ?? ''
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, SCRIPT_KIND[ext] ?? ts.ScriptKind.JS)
  const found = []
  const add = (node) => {
    const specifier = literal(node)
    if (specifier !== undefined) found.push({ specifier, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 })
  }
  const visit = (node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier)
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression)
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal)
    else if (ts.isCallExpression(node)) {
      const callee = node.expression
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require'
      if (isImport || isRequire || isResolveCall(callee)) add(node.arguments[0])
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/** The package a bare specifier names: `@leakwatch/runner/child` → `@leakwatch/runner`. */
export function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}
