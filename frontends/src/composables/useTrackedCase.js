// One tracked case (办件进度): load it by case number + ID number (no login) or by id with a
// resident's token, then follow its live events from the case's cursor (lossless: a reconnect
// replays what was missed, nothing is applied twice) and reload on each change.
import { onBeforeUnmount, ref } from 'vue'
import { createClient } from 'graphql-ws'
import { gql, subscribe, backoffDelay, GRAPHQL_PATH } from '@/api/graphql'
import { CASE_BY_ID, CASE_EVENTS, EVALUATE_CASE, TRACK_CASE } from '@/api/cases'

function socketUrl() {
  const { protocol, host } = window.location
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}${GRAPHQL_PATH}`
}

export function useTrackedCase() {
  const data = ref(null)
  const error = ref('')
  const loading = ref(false)
  const live = ref(false)
  let source = null // { number, idNumber } | { id, token }
  let stop = null
  let client = null
  let cursor = 0
  let reloading = null

  async function fetchCase() {
    if (!source) return null
    try {
      if (source.token) {
        data.value = (await gql(CASE_BY_ID, { id: source.id }, { token: source.token })).case
      } else {
        data.value = (await gql(TRACK_CASE, { number: source.number, idNumber: source.idNumber })).trackCase
      }
      error.value = data.value ? '' : '未查询到办件：请核对办件编号和申请人身份证号码'
    } catch (e) {
      error.value = e.message
    }
    return data.value
  }

  function reload() {
    // Events arriving in a burst lead to one reload at a time, plus one after it.
    if (!reloading) {
      reloading = fetchCase().finally(() => {
        reloading = null
      })
    } else {
      reloading = reloading.then(fetchCase)
    }
  }

  function onEvent(payload) {
    const event = payload && payload.caseEvents
    if (!event) return
    if (event.kind === 'RESET' || event.cursor > cursor) {
      cursor = event.cursor
      reload()
    }
  }

  function follow() {
    unfollow()
    cursor = data.value.eventCursor
    const variables = source.token
      ? { caseId: data.value.id, after: cursor }
      : { number: source.number, idNumber: source.idNumber, after: cursor }
    const handlers = {
      onData: (d) => {
        live.value = true
        onEvent(d)
      },
      onError: () => {
        live.value = false
      },
    }
    if (source.token) {
      client = createClient({
        url: socketUrl(),
        lazy: true,
        connectionParams: { authToken: source.token },
        retryAttempts: Number.MAX_SAFE_INTEGER,
        retryWait: (n) => new Promise((r) => setTimeout(r, backoffDelay(n))),
        shouldRetry: () => true,
        on: { connected: () => (live.value = true), closed: () => (live.value = false) },
      })
      stop = client.subscribe({ query: CASE_EVENTS, variables }, {
        next: (r) => (r.data ? handlers.onData(r.data) : handlers.onError()),
        error: handlers.onError,
        complete: () => {},
      })
    } else {
      stop = subscribe(CASE_EVENTS, variables, handlers)
      live.value = true
    }
  }

  function unfollow() {
    if (stop) stop()
    stop = null
    if (client) client.dispose()
    client = null
    live.value = false
  }

  async function open(next) {
    unfollow()
    source = next
    data.value = null
    loading.value = true
    try {
      await fetchCase()
    } finally {
      loading.value = false
    }
    if (data.value) follow()
    return data.value
  }

  function close() {
    unfollow()
    source = null
    data.value = null
  }

  /** 好差评: `{ ok, errors }`. */
  async function rate(level, comment, channel = 'PC') {
    const input = source.token
      ? { caseId: data.value.id, level, comment, channel }
      : { number: source.number, idNumber: source.idNumber, level, comment, channel }
    const result = (await gql(EVALUATE_CASE, { input }, source.token ? { token: source.token } : {})).evaluateCase
    if (result.errors.length) return { ok: false, errors: result.errors }
    await fetchCase()
    return { ok: true, result }
  }

  onBeforeUnmount(unfollow)
  return { data, error, loading, live, open, close, rate, reload: fetchCase }
}
