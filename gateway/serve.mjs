// Serve a composed supergraph with Hive Gateway (the @graphql-hive/gateway-runtime engine on
// node:http): query planning and execution are Hive's; this file only configures it.
//
//   node serve.mjs [--supergraph supergraph.graphql] [--host 127.0.0.1] [--port 4000]
//
// The client's Authorization header goes to every subgraph (the hub decides who sees what), and
// X-Forwarded-For gains the client's address (below);
// with GATEWAY_SUBGRAPH_SECRET set, each subgraph request also carries X-Gateway-Secret, which
// department subgraphs can require so that only the gateway reaches them.
//
// Subscriptions: clients subscribe here over Server-Sent Events (`Accept: text/event-stream`,
// the graphql-sse protocol's distinct connections mode, built into the runtime), and the
// gateway subscribes to the hub the same way (its HTTP transport's default for subscriptions;
// the hub serves GraphQL over SSE on /graphql). There is no websocket server here: hall boards
// keep their graphql-transport-ws connection to the hub itself.
import { createServer } from 'node:http';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';

const here = dirname(new URL(import.meta.url).pathname);
const { values } = parseArgs({
  options: {
    supergraph: { type: 'string', default: resolve(here, 'supergraph.graphql') },
    host: { type: 'string', default: process.env.GATEWAY_HOST || '127.0.0.1' },
    port: { type: 'string', default: process.env.GATEWAY_PORT || '4000' },
  },
});
const secret = process.env.GATEWAY_SUBGRAPH_SECRET || undefined;

// The hub's per-client limits (logins, lookups) key on the real client when the gateway is one of
// its HUB_TRUSTED_PROXIES: the gateway appends the address the request came from, as every proxy
// does; whatever a client wrote itself stays to the left, where the hub does not believe it.
function forwardedFor(request, context) {
  const peer = context?.req?.socket?.remoteAddress?.replace(/^::ffff:/, '');
  const chain = request.headers.get('x-forwarded-for');
  return [chain, peer].filter(Boolean).join(', ') || undefined;
}

const gateway = createGatewayRuntime({
  supergraph: resolve(values.supergraph),
  graphqlEndpoint: '/graphql',
  graphiql: false, // offline intranets: no GraphiQL assets from a CDN
  landingPage: false,
  logging: process.env.GATEWAY_LOG_LEVEL || 'info', // debug shows every subgraph request
  propagateHeaders: {
    fromClientToSubgraphs({ request, context }) {
      return {
        authorization: request.headers.get('authorization'),
        'x-gateway-secret': secret,
        'x-forwarded-for': forwardedFor(request, context),
      };
    },
  },
});

const server = createServer(gateway);
server.listen(Number(values.port), values.host, () => {
  console.log(`Hive Gateway serving ${values.supergraph} on http://${values.host}:${values.port}/graphql`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close();
    gateway.dispose().finally(() => process.exit(0));
  });
}
