// Checks every GraphQL document of the frontends against the hub's SDL (schema/schema.graphql).
//
//   node scripts/check-graphql.mjs [--schema FILE] [SOURCE_DIR]
//
// SOURCE_DIR defaults to src/ (`@/` resolves to it), FILE to ../schema/schema.graphql. Each
// document (see graphql-documents.mjs) is parsed and validated by graphql-js with all the
// specified rules. Prints `file:line: message` for every problem and the number of documents
// checked; exits 1 on any problem or when it finds no document, 2 on a bad command line.
import { readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import {
  buildSchema, parse, validate, visit, GraphQLError, Kind, NoUnusedFragmentsRule, specifiedRules,
} from 'graphql'
import { Project, sourceFiles } from './graphql-documents.mjs'

const frontends = join(dirname(fileURLToPath(import.meta.url)), '..')

// Apollo Federation v2 definitions a subgraph SDL may use without defining them
// (https://www.apollographql.com/docs/graphos/reference/federation/subgraph-spec).
const FEDERATION = {
  link: 'directive @link(url: String!, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA',
  key: 'directive @key(fields: federation__FieldSet!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE',
  requires: 'directive @requires(fields: federation__FieldSet!) on FIELD_DEFINITION',
  provides: 'directive @provides(fields: federation__FieldSet!) on FIELD_DEFINITION',
  external: 'directive @external(reason: String) on OBJECT | FIELD_DEFINITION',
  shareable: 'directive @shareable repeatable on OBJECT | FIELD_DEFINITION',
  extends: 'directive @extends on OBJECT | INTERFACE',
  override: 'directive @override(from: String!, label: String) on FIELD_DEFINITION',
  interfaceObject: 'directive @interfaceObject on OBJECT',
  composeDirective: 'directive @composeDirective(name: String!) repeatable on SCHEMA',
  inaccessible: 'directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION',
  tag: 'directive @tag(name: String!) repeatable on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION | SCHEMA',
}
const FEDERATION_TYPES = {
  link__Import: 'scalar link__Import',
  link__Purpose: 'enum link__Purpose { SECURITY EXECUTION }',
  federation__FieldSet: 'scalar federation__FieldSet',
}

/**
 * The schema of a Federation v2 subgraph SDL: the federation directives it uses but does not
 * define are added (with their argument types), then the SDL is built and validated in full.
 */
export function subgraphSchema(sdl) {
  const ast = parse(sdl)
  const defined = new Set(ast.definitions.filter((d) => d.name).map((d) => d.name.value))
  const used = new Set()
  visit(ast, { Directive: (node) => void used.add(node.name.value) })
  const prelude = []
  for (const name of used) {
    if (!defined.has(name) && FEDERATION[name]) prelude.push(FEDERATION[name])
  }
  for (const [name, definition] of Object.entries(FEDERATION_TYPES)) {
    if (!defined.has(name) && prelude.some((d) => d.includes(name))) prelude.push(definition)
  }
  return buildSchema(`${prelude.join('\n')}\n${sdl}`)
}

/** Problems of one resolved document: [{ file, line, message }]. */
export function checkDocument(schema, document) {
  const at = (error) => {
    const location = error.locations?.[0]
    if (!location) return { file: document.file, line: document.line }
    const lines = document.text.value.split('\n')
    const offset = lines.slice(0, location.line - 1).reduce((n, l) => n + l.length + 1, 0) + location.column - 1
    return document.text.origin(offset)
  }
  let ast
  try {
    ast = parse(document.text.value)
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error
    return [{ ...at(error), message: error.message }]
  }
  // A document of fragments only (`fragment CaseFields on Case { … }`, interpolated elsewhere) is
  // checked against the schema in full except that nothing in it spreads its fragments.
  const fragmentsOnly = ast.definitions.every((d) => d.kind === Kind.FRAGMENT_DEFINITION)
  const rules = fragmentsOnly ? specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule) : specifiedRules
  return validate(schema, ast, rules).map((error) => ({ ...at(error), message: error.message }))
}

function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { schema: { type: 'string', default: join(frontends, '..', 'schema', 'schema.graphql') } },
  })
  if (positionals.length > 1) {
    console.error('usage: node scripts/check-graphql.mjs [--schema FILE] [SOURCE_DIR]')
    return 2
  }
  const root = positionals[0] ?? join(frontends, 'src')
  const where = (file) => {
    const rel = relative(process.cwd(), file)
    return rel.startsWith('..') ? file : rel
  }
  let schema
  try {
    schema = subgraphSchema(readFileSync(values.schema, 'utf8'))
  } catch (error) {
    console.log(`${where(values.schema)}:${error.locations?.[0]?.line ?? 1}: ${error.message}`)
    return 1
  }
  const project = new Project(root)

  const problems = []
  let checked = 0
  for (const document of project.documents()) {
    if (document.problem) {
      problems.push({ file: document.file, line: document.line, message: document.problem })
      continue
    }
    checked++
    problems.push(...checkDocument(schema, document))
  }
  // A fragment shared by several documents reports its problem once.
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
  const lines = [...new Set(problems.map((p) => `${where(p.file)}:${p.line}: ${p.message}`))]
  for (const line of lines) console.log(line)
  const files = sourceFiles(project.root).length
  console.log(`${checked} GraphQL documents checked in ${files} files against ${where(values.schema)}: `
    + `${lines.length} problem${lines.length === 1 ? '' : 's'}`)
  if (!checked) console.log(`no GraphQL document found under ${where(project.root)}`)
  return lines.length || !checked ? 1 : 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main()
