// Finds every GraphQL document in the frontends' sources and resolves it to the exact text sent.
//
// Sources are `.js`/`.mjs` modules and the `<script>`/`<script setup>` blocks of `.vue` files
// (split by @vue/compiler-sfc, parsed by Babel). A document is any string or template literal
// that starts with `query`, `mutation`, `subscription` or `fragment`, any literal passed straight
// to gql(), subscribe() or useQuery(), or the quasi of a gql`…` tag. Interpolations (`${FIELDS}`)
// are resolved through the module's top-level bindings and its imports (`@/` is the source root);
// a literal returned by a function (a document factory such as `ACTION(name, args, params)`) is
// resolved at each of its calls. What cannot be resolved is reported as a problem, never skipped.
//
// Each resolved document keeps a map from its text back to the source lines it was made of, so a
// problem on the third line of an interpolated fragment is reported at that line of its own file.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs'
import { dirname, join, resolve, extname } from 'node:path'
import vm from 'node:vm'
import { parse as parseSfc, babelParse } from 'vue/compiler-sfc'

const SOURCE_EXTENSIONS = new Set(['.js', '.mjs', '.vue'])
const SENDERS = new Set(['gql', 'subscribe', 'useQuery'])
const TAGS = new Set(['gql', 'graphql'])
const OPERATION = /^(?:\s|#[^\n]*\n)*(?:(?:query|mutation|subscription)\s*[\w({@]|fragment\s+\w)/
const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ObjectMethod', 'ClassMethod'])

const isFunction = (node) => FUNCTIONS.has(node.type)

/** A string made of pieces, each remembering the source line it starts at. */
export class Text {
  constructor(pieces) {
    this.pieces = pieces // [{ text, file, line, exact }]; `exact`: the text is the source's, line for line
    this.value = pieces.map((p) => p.text).join('')
  }

  static at(text, file, line, exact) {
    return new Text([{ text, file, line, exact }])
  }

  /** Where character `offset` of the value comes from: { file, line }. */
  origin(offset) {
    let start = 0
    for (const [i, piece] of this.pieces.entries()) {
      if (offset < start + piece.text.length || i === this.pieces.length - 1) {
        const before = piece.exact ? piece.text.slice(0, Math.max(0, offset - start)) : ''
        return { file: piece.file, line: piece.line + (before.match(/\n/g)?.length ?? 0) }
      }
      start += piece.text.length
    }
    return { file: undefined, line: 1 }
  }
}

/** A document that cannot be resolved statically (reported as a problem). */
export class Unresolved extends Error {}

/** Every source file under `dir` (recursively), sorted. */
export function sourceFiles(dir) {
  const out = []
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path))
    else if (SOURCE_EXTENSIONS.has(extname(name))) out.push(path)
  }
  return out
}

/** The source of a file and its Babel programs (one per script block of a `.vue` file). */
function parseFile(file) {
  const source = readFileSync(file, 'utf8')
  if (extname(file) !== '.vue') return { source, programs: [babelParse(source, { sourceType: 'module' }).program] }
  const { descriptor, errors } = parseSfc(source, { filename: file })
  if (errors.length) throw new Unresolved(`cannot parse the component: ${errors[0].message}`)
  const blocks = [descriptor.script, descriptor.scriptSetup].filter(Boolean)
  // Positions stay those of the whole file, so lines are the file's and `source` slices work.
  const programs = blocks.map((block) => babelParse(block.content, {
    sourceType: 'module',
    startIndex: block.loc.start.offset,
    startLine: block.loc.start.line,
    startColumn: block.loc.start.column - 1,
    plugins: block.lang === 'ts' ? ['typescript'] : [],
  }).program)
  return { source, programs }
}

/** Calls `visit(node, ancestors)` for every AST node from `node` down; `false` skips the children. */
function walk(node, visit, ancestors = []) {
  if (visit(node, ancestors) === false) return
  const path = [...ancestors, node]
  for (const [key, child] of Object.entries(node)) {
    if (key === 'loc' || key.endsWith('Comments')) continue
    for (const c of Array.isArray(child) ? child : [child]) {
      if (c && typeof c.type === 'string') walk(c, visit, path)
    }
  }
}

/** Names a function declares: its parameters and the variables and functions of its body. */
function localNames(fn) {
  const names = new Set()
  const collect = (pattern) => walk(pattern, (n, up) => {
    const parent = up.at(-1)
    const isKey = parent?.type === 'ObjectProperty' && parent.key === n && !parent.shorthand
    if (n.type === 'Identifier' && !isKey) names.add(n.name)
    if (n.type !== 'AssignmentPattern') return undefined
    collect(n.left) // not the default value
    return false
  })
  fn.params.forEach(collect)
  walk(fn.body, (n) => {
    if (n.type === 'VariableDeclarator') collect(n.id)
    if (n.type === 'FunctionDeclaration' && n.id) names.add(n.id.name)
    return !isFunction(n) || n === fn.body || undefined
  })
  return names
}

/** The names a top-level statement declares. */
function declaredNames(statement) {
  if (statement.type === 'VariableDeclaration') {
    return statement.declarations.filter((d) => d.id.type === 'Identifier').map((d) => d.id.name)
  }
  return statement.id ? [statement.id.name] : []
}

/** The names sent as a document by a call: `gql(CASE, …)`, `gql(close ? CLOSE : UPDATE, …)`. */
function sentNames(node) {
  if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || !SENDERS.has(node.callee.name)) return []
  const names = (n) => (n?.type === 'Identifier' ? [n]
    : n?.type === 'ConditionalExpression' ? [...names(n.consequent), ...names(n.alternate)]
      : n?.type === 'LogicalExpression' ? [...names(n.left), ...names(n.right)] : [])
  return names(node.arguments[0])
}

/** Whether a literal starts a GraphQL document (by its text or by where it is passed). */
function isDocument(node, parent) {
  if (node.type === 'TemplateLiteral' && parent?.type === 'TaggedTemplateExpression'
    && parent.tag.type === 'Identifier' && TAGS.has(parent.tag.name)) return true
  if (parent?.type === 'CallExpression' && parent.arguments[0] === node
    && parent.callee.type === 'Identifier' && SENDERS.has(parent.callee.name)) return true
  if (node.type === 'StringLiteral') return OPERATION.test(node.value)
  // `mutation ${name}(…)`: an interpolation right after the keyword stands for the operation's name.
  return OPERATION.test(node.quasis[0].value.cooked + (node.expressions.length ? 'X' : ''))
}

/** One source file: its top-level bindings, imports and exports, evaluated on demand. */
class Module {
  constructor(project, file) {
    this.project = project
    this.file = file
    this.bindings = new Map() // name -> { node, init } | { from, imported }
    this.exports = new Map() // exported name -> local name | { from, imported }
    this.starExports = [] // specifiers of `export * from`
    this.values = new Map() // name -> Text | any, once evaluated
    this.evaluating = new Set()
    const { source, programs } = parseFile(file)
    this.text = source
    this.programs = programs
    for (const program of programs) this.declare(program)
  }

  declare(program) {
    for (let statement of program.body) {
      if (statement.type === 'ExportAllDeclaration') {
        this.starExports.push(statement.source.value)
        continue
      }
      if (statement.type === 'ExportNamedDeclaration') {
        for (const s of statement.specifiers) {
          const local = s.local?.name ?? s.exported.name
          this.exports.set(s.exported.name, statement.source ? { from: statement.source.value, imported: local } : local)
        }
        if (!statement.declaration) continue
        statement = statement.declaration
        for (const name of declaredNames(statement)) this.exports.set(name, name)
      }
      if (statement.type === 'ImportDeclaration') {
        for (const s of statement.specifiers) {
          const imported = s.type === 'ImportSpecifier' ? (s.imported.name ?? s.imported.value)
            : s.type === 'ImportDefaultSpecifier' ? 'default' : '*'
          this.bindings.set(s.local.name, { from: statement.source.value, imported })
        }
      } else if (statement.type === 'VariableDeclaration') {
        for (const d of statement.declarations) {
          if (d.id.type === 'Identifier') this.bindings.set(d.id.name, { node: d, init: d.init })
        }
      } else if (statement.type === 'FunctionDeclaration' && statement.id) {
        this.bindings.set(statement.id.name, { node: statement, init: statement })
      }
    }
  }

  /** Whether `declarator` declares a top-level binding of this module. */
  isTopLevel(declarator) {
    return declarator?.type === 'VariableDeclarator' && declarator.id.type === 'Identifier'
      && this.bindings.get(declarator.id.name)?.node === declarator
  }

  /** The value of a top-level binding (a Text for strings). */
  binding(name) {
    if (this.values.has(name)) return this.values.get(name)
    const binding = this.bindings.get(name)
    if (!binding) throw new Unresolved(`\`${name}\` is not a top-level constant or import of ${this.project.label(this.file)}`)
    if (this.evaluating.has(name)) throw new Unresolved(`\`${name}\` refers to itself`)
    this.evaluating.add(name)
    try {
      let value
      if (binding.from) value = this.project.imported(this.file, binding.from, binding.imported)
      else if (!binding.init) throw new Unresolved(`\`${name}\` has no initial value`)
      else if (binding.node.type === 'FunctionDeclaration') value = this.run(binding.init)
      else value = this.evaluate(binding.init)
      this.values.set(name, value)
      return value
    } finally {
      this.evaluating.delete(name)
    }
  }

  /** The value of an expression in module scope: literals, names and `+` statically, the rest in a sandbox. */
  evaluate(node) {
    const piecesOf = (value, n) => (value instanceof Text ? value.pieces
      : [{ text: String(value), file: this.file, line: n.loc.start.line, exact: false }])
    switch (node.type) {
      case 'StringLiteral':
        return Text.at(node.value, this.file, node.loc.start.line, !/\\/.test(this.source(node)))
      case 'TemplateLiteral':
        return new Text(node.quasis.flatMap((quasi, i) => [
          { text: quasi.value.cooked, file: this.file, line: quasi.loc.start.line, exact: quasi.value.raw === quasi.value.cooked },
          ...(i < node.expressions.length ? piecesOf(this.evaluate(node.expressions[i]), node.expressions[i]) : []),
        ]))
      case 'Identifier':
        return this.binding(node.name)
      case 'BinaryExpression': {
        if (node.operator !== '+') break
        const [left, right] = [this.evaluate(node.left), this.evaluate(node.right)]
        if (!(left instanceof Text) && !(right instanceof Text)) return left + right
        return new Text([...piecesOf(left, node.left), ...piecesOf(right, node.right)])
      }
      case 'NumericLiteral':
      case 'BooleanLiteral':
        return node.value
    }
    const value = this.run(node)
    return typeof value === 'string' ? Text.at(value, this.file, node.loc.start.line, false) : value
  }

  source(node) {
    return this.text.slice(node.start, node.end)
  }

  /** Runs the source of `node` in a sandbox whose globals are this module's top-level bindings. */
  run(node) {
    try {
      return vm.runInContext(`(${this.source(node)})`, this.context(), { timeout: 1000 })
    } catch (err) {
      if (err instanceof Unresolved) throw err
      throw new Unresolved(`cannot evaluate \`${this.source(node).split('\n')[0]}\`: ${err.message}`)
    }
  }

  context() {
    if (this.sandbox) return this.sandbox
    const globals = {}
    for (const name of this.bindings.keys()) {
      Object.defineProperty(globals, name, {
        get: () => {
          const value = this.binding(name)
          return value instanceof Text ? value.value : value
        },
      })
    }
    this.sandbox = vm.createContext(globals)
    return this.sandbox
  }

  /** The value this module exports as `name`. */
  exported(name) {
    const entry = this.exports.get(name)
    if (typeof entry === 'string') return this.binding(entry)
    if (entry) return this.project.imported(this.file, entry.from, entry.imported)
    for (const from of this.starExports) {
      const module = this.project.resolve(this.file, from)
      if (module?.exports.has(name)) return module.exported(name)
    }
    throw new Unresolved(`${this.project.label(this.file)} exports no \`${name}\``)
  }

  /** This file's documents: [{ file, line, text: Text } | { file, line, problem }], by line. */
  documents() {
    const found = new Map() // start offset -> document
    const factories = new Map() // name of a function returning a document -> line of that literal
    const add = (node, produce) => {
      if (found.has(node.start)) return
      const entry = { file: this.file, line: node.loc.start.line }
      try {
        const text = produce()
        if (text instanceof Text) entry.text = text
        else entry.problem = 'the document is not a string'
      } catch (err) {
        if (!(err instanceof Unresolved)) throw err
        entry.problem = err.message
      }
      found.set(node.start, entry)
    }
    for (const program of this.programs) {
      walk(program, (node, up) => {
        for (const name of sentNames(node)) this.sentName(name, [...up, node], add)
        if (node.type !== 'StringLiteral' && node.type !== 'TemplateLiteral') return
        if (!isDocument(node, up.at(-1))) return
        let top = node // a document written as 'query … ' + FIELDS + ' …' is the whole sum
        let depth = up.length - 1
        while (up[depth]?.type === 'BinaryExpression' && up[depth].operator === '+') top = up[depth--]
        const parent = up[depth]
        const enclosing = up.slice(0, depth + 1).filter(isFunction)
        if (!enclosing.length) {
          add(top, () => (this.isTopLevel(parent) && parent.init === top ? this.binding(parent.id.name) : this.evaluate(top)))
          return false
        }
        const fn = enclosing.at(-1)
        const owner = up[up.indexOf(fn) - 1]
        const factory = owner && (owner.type === 'VariableDeclarator' ? owner : fn.type === 'FunctionDeclaration' ? fn : null)
        const returned = fn.body === top || (parent?.type === 'ReturnStatement' && parent.argument === top)
        if (returned && factory?.id && this.bindings.get(factory.id.name)?.node === factory) {
          factories.set(factory.id.name, top.loc.start.line)
          return false
        }
        const locals = new Set(enclosing.flatMap((f) => [...localNames(f)]))
        let local = null
        walk(top, (n, path) => {
          const member = path.at(-1)?.type === 'MemberExpression' && path.at(-1).property === n && !path.at(-1).computed
          if (n.type === 'Identifier' && !member && locals.has(n.name)) local ??= n.name
        })
        if (local) {
          found.set(top.start, {
            file: this.file,
            line: top.loc.start.line,
            problem: `the document interpolates \`${local}\`, a local of its function: build it from top-level constants`,
          })
        } else add(top, () => this.evaluate(top))
        return false
      })
    }
    for (const [name, line] of factories) this.factoryCalls(name, line, add, found)
    return [...found.values()].sort((a, b) => a.line - b.line)
  }

  /**
   * A document sent by name (`gql(CASE, …)`): the constant it names, wherever it is defined, so a
   * document the literal scan missed (`'{ me { id } }'`) is checked too. A local name (a function
   * parameter such as useQuery's `query`) is left to the literals that reach it.
   */
  sentName(node, up, add) {
    const locals = new Set(up.filter(isFunction).flatMap((f) => [...localNames(f)]))
    if (!locals.has(node.name)) add(node, () => this.binding(node.name))
  }

  /** Adds the document built by each call of the factory `name` (a problem when it is never called). */
  factoryCalls(name, line, add, found) {
    let calls = 0
    for (const program of this.programs) {
      walk(program, (node, up) => {
        if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== name) return
        calls++
        const parent = up.at(-1)
        add(node, () => (this.isTopLevel(parent) && parent.init === node ? this.binding(parent.id.name) : this.evaluate(node)))
      })
    }
    if (!calls) {
      found.set(`factory ${name}`, { file: this.file, line, problem: `\`${name}\` returns a document but is never called in its own module` })
    }
  }
}

/** The source files of one frontend, each loaded once. */
export class Project {
  /** `root`: the source directory (`@/` resolves to it); `cwd`: paths are printed relative to it. */
  constructor(root, cwd = process.cwd()) {
    this.root = resolve(root)
    this.cwd = resolve(cwd)
    this.modules = new Map()
  }

  label(file) {
    return file.startsWith(this.cwd + '/') ? file.slice(this.cwd.length + 1) : file
  }

  module(file) {
    if (!this.modules.has(file)) this.modules.set(file, new Module(this, file))
    return this.modules.get(file)
  }

  /** The module `spec` names from `file`, or null for a package. */
  resolve(file, spec) {
    let base
    if (spec.startsWith('@/')) base = join(this.root, spec.slice(2))
    else if (spec.startsWith('.')) base = resolve(dirname(file), spec)
    else return null
    for (const candidate of [base, `${base}.js`, `${base}.mjs`, `${base}.vue`, join(base, 'index.js')]) {
      if (existsSync(candidate) && statSync(candidate).isFile() && SOURCE_EXTENSIONS.has(extname(candidate))) {
        return this.module(candidate)
      }
    }
    throw new Unresolved(`cannot find the module "${spec}" imported by ${this.label(file)}`)
  }

  imported(file, spec, name) {
    const module = this.resolve(file, spec)
    if (!module) throw new Unresolved(`\`${name}\` comes from the package "${spec}", which is not read`)
    if (name === '*') throw new Unresolved(`a namespace import of "${spec}" is not read`)
    return module.exported(name)
  }

  /** Every document of every source file, file by file, each once (however often it is sent). */
  documents() {
    const out = []
    const seen = new Set()
    for (const file of sourceFiles(this.root)) {
      try {
        for (const document of this.module(file).documents()) {
          if (document.text && seen.has(document.text)) continue
          seen.add(document.text)
          out.push(document)
        }
      } catch (err) {
        if (!(err instanceof Unresolved) && !(err instanceof SyntaxError)) throw err
        out.push({ file, line: err.loc?.line ?? 1, problem: err.message })
      }
    }
    return out
  }
}
