import { onBeforeUnmount, onMounted, ref } from 'vue'
import { isConnected, onConnectionChange, subscribe } from '@/api/graphql'

const SERVER_CLOCK = `
  subscription ServerClock($intervalSeconds: Int!) {
    serverClock(intervalSeconds: $intervalSeconds) { now }
  }
`

/**
 * Wall clock calibrated on the hub's `serverClock` subscription (kiosk and queue board),
 * plus the state of the realtime connection. Falls back to the local clock while offline.
 */
export function useServerClock(intervalSeconds = 30) {
  const now = ref(new Date())
  const online = ref(isConnected())
  const synced = ref(false)
  let offset = 0
  let timer = null
  let unsubscribe = null
  let stopListening = null

  onMounted(() => {
    timer = setInterval(() => (now.value = new Date(Date.now() + offset)), 1000)
    stopListening = onConnectionChange((up) => (online.value = up))
    unsubscribe = subscribe(SERVER_CLOCK, { intervalSeconds }, {
      onData: (data) => {
        const server = Date.parse(data.serverClock.now)
        if (Number.isFinite(server)) {
          offset = server - Date.now()
          now.value = new Date(server)
          synced.value = true
        }
      },
      onError: () => {
        synced.value = false
      },
    })
  })

  onBeforeUnmount(() => {
    clearInterval(timer)
    if (unsubscribe) unsubscribe()
    if (stopListening) stopListening()
  })

  return { now, online, synced }
}
