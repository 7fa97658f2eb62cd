// The reference graphql-transport-ws client (npm graphql-ws) against a running hub:
// bad documents must end in an error, and the client must stay connected across the hub's pings.
// Usage: node graphql_ws_client.mjs <ws url> <node_modules dir>; prints a JSON report.
import { createRequire } from "node:module";

const [url, modules] = process.argv.slice(2);
const require = createRequire(`${modules}/`);
const { createClient } = require("graphql-ws");
const WebSocket = require("ws");

const report = { pings: 0, closed: null, outcomes: {} };
const client = createClient({
  url,
  webSocketImpl: WebSocket,
  retryAttempts: 0,
  lazy: false,
  on: {
    ping: (received) => { if (received) report.pings += 1; },
    closed: (event) => { report.closed = event.code ?? true; },
  },
});

function outcome(query, variables = {}, take = 1) {
  return new Promise((resolve) => {
    const got = [];
    const dispose = client.subscribe({ query, variables }, {
      next: (value) => {
        got.push(value);
        if (got.length >= take) { dispose(); resolve({ kind: "next", got }); }
      },
      error: (error) => resolve({
        kind: "error",
        messages: Array.isArray(error) ? error.map((e) => e.message) : [String(error?.reason ?? error)],
      }),
      complete: () => resolve({ kind: "complete", got }),
    });
  });
}

report.outcomes.syntax = await outcome("subscription{ serverClock(");
report.outcomes.validation = await outcome("subscription{ serverClock{ now nope } }");
// two ticks a second apart, while the hub pings several times in between
report.outcomes.clock = await outcome("subscription{ serverClock(intervalSeconds:1){ now } }", {}, 2);
report.closedBeforeEnd = report.closed;
await client.dispose();
console.log(JSON.stringify(report));
