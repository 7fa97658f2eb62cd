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
 * `windows` (each window's current number) and `noShows` (过号) follow the hub's rule
 * (resolvers/queue/hall.py): a call puts its number on the window, a no-show or a transfer
 * takes it off, and a no-show joins the 过号 list.
 */
export function useHall(codeRef, { onCall } = {}) {
  const queues = ref([])
  const calls = ref([])
  const windows = ref([])
  const noShows = ref([])
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
      placeOnWindow(event.call.windowNumber, event.call.number)
      if (onCall) onCall(event.call)
    }
    if (event.call && (event.kind === 'NO_SHOW' || event.kind === 'TRANSFERRED')) {
      const { number, windowNumber } = event.call
      const shown = windows.value.find((w) => w.number === windowNumber)
      if (shown && shown.currentNumber === number) placeOnWindow(windowNumber, null)
      calls.value = calls.value.filter((c) => c.number !== number)
      if (event.kind === 'NO_SHOW') noShows.value = [number, ...noShows.value.filter((n) => n !== number)].slice(0, 12)
    }
  }

  function placeOnWindow(windowNumber, number) {
    windows.value = windows.value.map((w) => (w.number === windowNumber ? { ...w, currentNumber: number } : w))
  }

  async function load() {
    if (!code) return
    try {
      const data = await gql(HALL, { code })
      cursor = data.hall.cursor
      queues.value = data.hall.queues
      calls.value = data.hall.recentCalls
      windows.value = data.hall.windows
      noShows.value = data.hall.noShows
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

  return { queues, calls, windows, noShows, error, ready, reload: load }
}
