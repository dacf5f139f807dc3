import ts from 'typescript'

const { SyntaxKind } = ts

/** Whether `fn`'s own body (not nested functions or classes) uses what an arrow function takes from its scope. */
const usesLexicalBinding = (fn: ts.ArrowFunction): boolean => {
  let found = false
  const visit = (node: ts.Node): void => {
    if (found) return
    if (
      node.kind === SyntaxKind.ThisKeyword ||
      node.kind === SyntaxKind.SuperKeyword ||
      ts.isMetaProperty(node) ||
      (ts.isIdentifier(node) && node.text === 'arguments')
    ) {
      found = true
      return
    }
    // these have their own `this` and `arguments`; nested arrows share the outer ones
    if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isClassLike(node)) return
    if (ts.isMethodDeclaration(node) || ts.isAccessor(node) || ts.isConstructorDeclaration(node)) return
    ts.forEachChild(node, visit)
  }
  ts.forEachChild(fn, visit)
  return found
}

/** Result of {@link hintFunctions}. */
export interface HintedCode {
  code: string
  /** Functions rewritten or parenthesised by this call. */
  hinted: number
}

/** Replace `length` characters at `at` with `text`. */
type Edit = [at: number, length: number, text: string]

/**
 * Rewrites JavaScript so that V8 compiles its functions eagerly, with the module, on its background
 * thread, instead of lazily on the main thread when each first runs (docs/sdk-browser.md,
 * "Start-up cost"): every function expression gets parentheses (V8's "likely called" hint,
 * `(function …)`), and every arrow function with a block body that uses no `this`, `arguments`,
 * `super` or `new.target` becomes such a function expression, which behaves the same. An arrow
 * with an expression body is small and keeps its form (rewriting it would cost a `return` too), as
 * do function declarations and methods. Only the rewritten spans change, so comments, line
 * breaks and the rest of the text stay as they were; running it again changes nothing. The
 * parentheses survive esbuild's minification (src/eagerHints.test.ts).
 */
export const hintFunctions = (source: string): HintedCode => {
  const file = ts.createSourceFile('input.js', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)
  const edits: Edit[] = []
  let hinted = 0
  const visit = (node: ts.Node): void => {
    if (ts.isArrowFunction(node) && ts.isBlock(node.body) && !usesLexicalBinding(node)) {
      // `async (a, b) => {` becomes `(async function (a, b) {`, `a => {` becomes `(function (a) {`;
      // the parameters' own text (which may hold functions too) is left alone
      const start = node.getStart(file)
      const prefix = node.modifiers?.some((m) => m.kind === SyntaxKind.AsyncKeyword)
        ? '(async function '
        : '(function '
      const open = node.getChildren(file).find((c) => c.kind === SyntaxKind.OpenParenToken)
      const arrow = node.equalsGreaterThanToken
      if (open) {
        const close = node.getChildren(file).find((c) => c.kind === SyntaxKind.CloseParenToken)!
        edits.push([start, open.getStart(file) - start, prefix])
        edits.push([close.getEnd(), arrow.getEnd() - close.getEnd(), ''])
      } else {
        const param = node.parameters[0]!
        edits.push([start, param.getStart(file) - start, `${prefix}(`])
        edits.push([param.getEnd(), arrow.getEnd() - param.getEnd(), ')'])
      }
      edits.push([node.end, 0, ')'])
      hinted++
    } else if (
      ts.isFunctionExpression(node) &&
      !node.asteriskToken &&
      !ts.isParenthesizedExpression(node.parent)
    ) {
      edits.push([node.getStart(file), 0, '('])
      edits.push([node.end, 0, ')'])
      hinted++
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  // from the end backwards, so that earlier positions stay valid; at one position, a closing
  // parenthesis (inner function's end) goes before an opening one
  const order = [...edits].sort((a, b) => b[0] - a[0] || (a[2] === ')' ? 1 : 0) - (b[2] === ')' ? 1 : 0))
  let code = source
  for (const [at, length, text] of order) code = code.slice(0, at) + text + code.slice(at + length)
  return { code, hinted }
}
