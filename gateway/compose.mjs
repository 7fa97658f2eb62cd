// Compose the supergraph from the subgraphs listed in a config file, with The Guild's
// Federation composition library. Any composition error fails loudly (exit 1), naming it.
//
//   node compose.mjs [--config subgraphs.json] [--out supergraph.graphql]
//
// The config lists {"name", "url", "sdl"}: `url` is where the gateway reaches the subgraph
// (SUBGRAPH_<NAME>_URL in the environment overrides it, e.g. SUBGRAPH_HUB_URL), `sdl` a file
// relative to the config holding its SDL; without `sdl` the SDL is fetched from the running
// subgraph (`{ _service { sdl } }`).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';

const here = dirname(new URL(import.meta.url).pathname);
const { values } = parseArgs({
  options: {
    config: { type: 'string', default: resolve(here, 'subgraphs.json') },
    out: { type: 'string', default: resolve(here, 'supergraph.graphql') },
  },
});

function fail(lines) {
  console.error(['supergraph composition failed (组合超级图失败):', ...lines.map((l) => `  - ${l}`)].join('\n'));
  process.exit(1);
}

async function fetchSdl(name, url) {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    });
    const body = await response.json();
    if (!body.data?._service?.sdl) throw new Error(JSON.stringify(body.errors ?? body));
    return body.data._service.sdl;
  } catch (error) {
    fail([`[${name}] cannot fetch the SDL from ${url}: ${error.message}`]);
  }
}

const configPath = resolve(values.config);
const config = JSON.parse(readFileSync(configPath, 'utf8'));
const services = [];
for (const subgraph of config.subgraphs) {
  const url = process.env[`SUBGRAPH_${subgraph.name.toUpperCase()}_URL`] || subgraph.url;
  const sdl = subgraph.sdl
    ? readFileSync(resolve(dirname(configPath), subgraph.sdl), 'utf8')
    : await fetchSdl(subgraph.name, url);
  let typeDefs;
  try {
    typeDefs = parse(sdl);
  } catch (error) {
    fail([`[${subgraph.name}] the SDL does not parse: ${error.message}`]);
  }
  services.push({ name: subgraph.name, url, typeDefs });
}

const result = composeServices(services);
if (result.errors?.length) fail(result.errors.map((e) => e.message));
writeFileSync(resolve(values.out), result.supergraphSdl);
console.log(`supergraph of ${services.map((s) => `${s.name} (${s.url})`).join(', ')} written to ${values.out}`);
