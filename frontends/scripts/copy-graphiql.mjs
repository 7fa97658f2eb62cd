// Copies GraphiQL and its UMD dependencies into dist/graphiql/ so that the hub's
// development-mode IDE works offline (the stock page loads them from a CDN).
import { copyFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'dist', 'graphiql')
const files = {
  'react/umd/react.production.min.js': 'react.production.min.js',
  'react-dom/umd/react-dom.production.min.js': 'react-dom.production.min.js',
  'js-cookie/dist/js.cookie.min.js': 'js.cookie.min.js',
  'graphiql/graphiql.min.css': 'graphiql.min.css',
  'graphiql/graphiql.min.js': 'graphiql.min.js',
  '@graphiql/plugin-explorer/dist/style.css': 'plugin-explorer.css',
  '@graphiql/plugin-explorer/dist/index.umd.js': 'plugin-explorer.umd.js',
}
mkdirSync(out, { recursive: true })
for (const [from, to] of Object.entries(files)) {
  copyFileSync(join(root, 'node_modules', from), join(out, to))
}
console.log(`graphiql: ${Object.keys(files).length} files copied to dist/graphiql/`)
