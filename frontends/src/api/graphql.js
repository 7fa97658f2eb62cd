// GraphQL client of the OneWindow Hub frontends.
//
// - queries and mutations: plain `fetch` POST to the same-origin `/graphql`;
// - subscriptions: graphql-ws (graphql-transport-ws protocol) on ws(s)://host/graphql,
//   reconnecting forever with a randomised exponential backoff.
// The bearer token lives in localStorage under `owh.token`.
import { createClient } from 'graphql-ws'

export const GRAPHQL_PATH = '/graphql'
export const TOKEN_KEY = 'owh.token'
export const TOKEN_EXPIRES_KEY = 'owh.tokenExpiresAt'

// ---------------------------------------------------------------- token ----

export function getToken() {
  try {
    const token = localStorage.getItem(TOKEN_KEY)
    if (!token) return null
    const expiresAt = localStorage.getItem(TOKEN_EXPIRES_KEY)
    if (expiresAt && Date.parse(expiresAt) <= Date.now()) {
      clearToken()
      return null
    }
    return token
  } catch {
    return null // storage disabled (private mode, kiosk lockdown)
  }
}

export function setToken(token, expiresAt) {
  try {
    localStorage.setItem(TOKEN_KEY, token)
    if (expiresAt) localStorage.setItem(TOKEN_EXPIRES_KEY, expiresAt)
    else localStorage.removeItem(TOKEN_EXPIRES_KEY)
  } catch {
    /* ignore */
  }
  restartSubscriptions()
}

export function clearToken() {
  try {
    localStorage.removeItem(TOKEN_KEY)
    localStorage.removeItem(TOKEN_EXPIRES_KEY)
  } catch {
    /* ignore */
  }
  restartSubscriptions()
}

// ------------------------------------------------------------- errors ----

/** Error thrown by gql(): `message` joins the GraphQL errors' messages. */
export class GraphQLError extends Error {
  constructor(message, { errors = [], status = 0, data = null, network = false } = {}) {
    super(message)
    this.name = 'GraphQLError'
    this.errors = errors // raw GraphQL errors [{ message, path, extensions }]
    this.status = status // HTTP status (0 when the request never got an answer)
    this.data = data // partial data, if any
    this.network = network // true when the server could not be reached
  }
}

// ------------------------------------------------------ query/mutation ----

/**
 * Run a query or mutation and return its `data`.
 * Throws a GraphQLError carrying the GraphQL errors' messages.
 * `token`: send this bearer token instead of the staff token (a resident's, or null for none).
 */
export async function gql(query, variables = {}, { signal, token: asToken } = {}) {
  const headers = {
    'Content-Type': 'application/json',
    Accept: 'application/graphql-response+json, application/json',
  }
  const token = asToken === undefined ? getToken() : asToken
  if (token) headers.Authorization = `Bearer ${token}`

  let response
  try {
    response = await fetch(GRAPHQL_PATH, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      signal,
      credentials: 'same-origin',
    })
  } catch (err) {
    if (err && err.name === 'AbortError') throw err
    throw new GraphQLError('无法连接服务器，请检查网络后重试', { network: true })
  }

  let body = null
  try {
    body = await response.json()
  } catch {
    throw new GraphQLError(`服务器响应异常（HTTP ${response.status}）`, { status: response.status })
  }

  if (body && Array.isArray(body.errors) && body.errors.length > 0) {
    const messages = [...new Set(body.errors.map((e) => e && e.message).filter(Boolean))]
    throw new GraphQLError(messages.join('；') || '请求失败', {
      errors: body.errors,
      status: response.status,
      data: body.data ?? null,
    })
  }
  if (!response.ok || !body || body.data == null) {
    throw new GraphQLError(`服务器响应异常（HTTP ${response.status}）`, { status: response.status })
  }
  return body.data
}

// ------------------------------------------------------- subscriptions ----

function websocketUrl() {
  const { protocol, host } = window.location
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}${GRAPHQL_PATH}`
}

/** Randomised exponential backoff: 1 s, 2 s, 4 s … capped at 30 s, plus up to 1 s jitter. */
export function backoffDelay(retries) {
  const base = Math.min(30000, 1000 * 2 ** Math.min(retries, 10))
  return base + Math.floor(Math.random() * 1000)
}

let wsClient = null
let activeSocket = null
let connected = false
const connectionListeners = new Set()

function setConnected(value) {
  if (connected === value) return
  connected = value
  for (const cb of connectionListeners) cb(value)
}

/** Listen to the websocket going up (true) or down (false); returns a function that stops listening. */
export function onConnectionChange(cb) {
  connectionListeners.add(cb)
  return () => connectionListeners.delete(cb)
}

export function isConnected() {
  return connected
}

/** The shared graphql-ws client (created lazily; connects on the first subscription). */
export function getWsClient() {
  if (!wsClient) {
    wsClient = createClient({
      url: websocketUrl(),
      lazy: true,
      // Read the token at every (re)connection so a login or logout takes effect on reconnect.
      connectionParams: () => {
        const authToken = getToken()
        return authToken ? { authToken } : {}
      },
      keepAlive: 15000,
      retryAttempts: Number.MAX_SAFE_INTEGER,
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, backoffDelay(retries))),
      // Retry on every connection problem (server restart, network loss), not only on close events.
      shouldRetry: () => true,
      on: {
        connected: (socket) => {
          activeSocket = socket
          setConnected(true)
        },
        closed: () => {
          activeSocket = null
          setConnected(false)
        },
      },
    })
  }
  return wsClient
}

/**
 * Reconnect with the current token (after login or logout). Closing with a non-fatal
 * code makes graphql-ws reconnect and re-subscribe every active subscription.
 */
export function restartSubscriptions() {
  if (activeSocket && activeSocket.readyState === WebSocket.OPEN) {
    activeSocket.close(4205, 'Client Restart')
  }
}

/**
 * Subscribe to a GraphQL subscription.
 * `onData(data)` is called for each event; returns a function that unsubscribes.
 */
export function subscribe(query, variables, { onData, onError, onComplete } = {}) {
  return getWsClient().subscribe(
    { query, variables },
    {
      next: (result) => {
        if (result.errors && result.errors.length) {
          onError && onError(new GraphQLError(result.errors.map((e) => e.message).join('；'), { errors: result.errors }))
        } else if (onData) {
          onData(result.data)
        }
      },
      error: (err) => {
        if (!onError) return
        if (Array.isArray(err)) {
          onError(new GraphQLError(err.map((e) => e.message).join('；'), { errors: err }))
        } else {
          onError(err instanceof Error ? err : new GraphQLError('实时连接已断开'))
        }
      },
      complete: () => onComplete && onComplete(),
    },
  )
}
