import { onBeforeUnmount, ref, watch } from 'vue'
import { gql, onConnectionChange, subscribe } from '@/api/graphql'
import { HALL, HALL_EVENTS } from '@/api/queue'

/**
 * The hall of a service point, live: waiting counts per queue and the latest calls.
 * Loads the snapshot, then follows `hallEvents` after its cursor. Every event carries its
 * cursor: duplicates are dropped, and after a dropped connection the subscription resumes
 * from the last cursor seen, so the hub replays exactly what was missed. RESET (the cursor
 * is older than the kept history) reloads the snapshot.
 * `onCall(call)` is called for every new call or recall (the board speaks it).
 */
export function useHall(codeRef, { onCall } = {}) {
  const queues = ref([])
  const calls = ref([])
  const error = ref(null)
  const ready = ref(false)
  let cursor = 0
  let stop = null
  let code = null

  function follow() {
    if (stop) stop()
    stop = subscribe(HALL_EVENTS, { code, after: cursor }, {
      onData: (data) => apply(data.hallEvents),
      onError: (e) => (error.value = e),
    })
  }

  function apply(event) {
    if (event.kind === 'RESET') {
      load()
      return
    }
    if (event.cursor <= cursor) return
    cursor = event.cursor
    queues.value = event.queues
    if (event.call && (event.kind === 'CALLED' || event.kind === 'RECALLED')) {
      calls.value = [event.call, ...calls.value.filter((c) => c.number !== event.call.number)].slice(0, 6)
      if (onCall) onCall(event.call)
    }
  }

  async function load() {
    if (!code) return
    try {
      const data = await gql(HALL, { code })
      cursor = data.hall.cursor
      queues.value = data.hall.queues
      calls.value = data.hall.recentCalls
      error.value = null
      ready.value = true
      follow()
    } catch (e) {
      error.value = e
    }
  }

  // graphql-ws resubscribes with the original variables after a reconnect; resubscribing
  // ourselves with the latest cursor keeps the replay to what was actually missed.
  const stopListening = onConnectionChange((up) => {
    if (!up && ready.value) follow()
  })

  watch(
    codeRef,
    (value) => {
      code = value
      ready.value = false
      load()
    },
    { immediate: true },
  )

  onBeforeUnmount(() => {
    if (stop) stop()
    stopListening()
  })

  return { queues, calls, error, ready, reload: load }
}
