// GraphQL over HTTP conformance: graphql-http's server audit against a running hub.
//
//   node gateway/audit.mjs --url http://127.0.0.1:8000/graphql
//
// Prints one JSON object: {"total": n, "ok": n, "results": [{id, name, status, reason?}]}.
// Exits 0 only when every audit is ok (no error, warning or notice).
import { parseArgs } from 'node:util';
import { auditServer } from 'graphql-http';

const { values } = parseArgs({ options: { url: { type: 'string' } } });
if (!values.url) {
  console.error('usage: node audit.mjs --url <graphql endpoint>');
  process.exit(2);
}

const results = await auditServer({ url: values.url });
const report = [];
for (const result of results) {
  const entry = { id: result.id, name: result.name, status: result.status };
  if (result.status !== 'ok') {
    entry.reason = result.reason;
    try {
      entry.response = { status: result.response.status, body: await result.response.text() };
    } catch {
      // the body was read by the audit already
    }
  }
  report.push(entry);
}
const ok = report.filter((r) => r.status === 'ok').length;
console.log(JSON.stringify({ total: report.length, ok, results: report }));
process.exit(ok === report.length ? 0 : 1);
