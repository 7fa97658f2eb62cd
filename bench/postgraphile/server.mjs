// Bench-only: PostGraphile 4.14.1 (its library, in a plain Node http server) over the hub's bench
// database, as `make bench-pg` compares it. Usage: node server.mjs <postgres-url> <port>
import http from "node:http";
import { postgraphile } from "postgraphile";

const [, , url, port = "5100"] = process.argv;
const middleware = postgraphile(url, "public", {
  graphiql: false,
  watchPg: false,
  disableQueryLog: true,
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  ignoreRBAC: false,
  retryOnInitFail: false,
  enableQueryBatching: false,
  bodySizeLimit: "100kB",
});
http.createServer(middleware).listen(Number(port), "127.0.0.1", () => {
  console.log(`postgraphile ready on http://127.0.0.1:${port}/graphql`);
});
