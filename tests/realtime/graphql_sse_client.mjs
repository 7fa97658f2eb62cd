// The reference GraphQL-over-SSE client (npm graphql-sse, distinct connections mode) against a
// hub or a gateway. Reads the operations to run from stdin as JSON:
//   {"operations": [{"name", "query", "variables"?, "token"?, "take"?}]}
// runs them one after another and prints a JSON report: for each name, how it ended —
//   {"kind": "next"|"complete"|"error", "got": [results], "status"?: http status, "messages"?}.
// Usage: node graphql_sse_client.mjs <graphql url> <node_modules dir> < operations.json
import { createRequire } from "node:module";

const [url, modules] = process.argv.slice(2);
const require = createRequire(`${modules}/`);
const { createClient } = require("graphql-sse");

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { operations } = JSON.parse(Buffer.concat(chunks).toString("utf8"));

async function describe(error) {
  const response = error?.response;
  if (response) {
    let body = null;
    try { body = await response.json(); } catch { /* not JSON */ }
    return { kind: "error", status: response.status,
      messages: (body?.errors ?? []).map((e) => e.message), codes: (body?.errors ?? []).map((e) => e.extensions?.code) };
  }
  return { kind: "error", messages: [String(error?.message ?? error)] };
}

function run({ query, variables = {}, token, take = 1 }) {
  const client = createClient({
    url,
    retryAttempts: 0,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return new Promise((resolve) => {
    const got = [];
    const done = (outcome) => { dispose(); client.dispose(); resolve(outcome); };
    const dispose = client.subscribe({ query, variables }, {
      next: (value) => {
        got.push(value);
        if (got.length >= take) done({ kind: "next", got });
      },
      error: (error) => { describe(error).then((outcome) => done({ ...outcome, got })); },
      complete: () => done({ kind: "complete", got }),
    });
  });
}

const outcomes = {};
for (const operation of operations) outcomes[operation.name] = await run(operation);
console.log(JSON.stringify({ outcomes }));
