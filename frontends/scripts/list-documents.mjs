// Prints every GraphQL document of the frontends as JSON: [{ file, line, text }], file relative to
// the source root (see graphql-documents.mjs). The hub's tests weigh each one against the query
// cost budgets (tests/web/test_cost.py).
//
//   node scripts/list-documents.mjs [SOURCE_DIR]
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Project } from './graphql-documents.mjs'

const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'src')
const project = new Project(root)
const out = []
for (const document of project.documents()) {
  if (document.problem) continue // check-graphql.mjs reports these
  out.push({ file: relative(project.root, document.file), line: document.line, text: document.text.value })
}
process.stdout.write(JSON.stringify(out))
