import { onBeforeUnmount, ref, watch } from 'vue'
import { gql, subscribe } from '@/api/graphql'
import { WHISTLE_CALL, WHISTLE_CALL_EVENTS } from '@/api/whistle'

/**
 * One whistle call, live: load the snapshot (call, chat, cursor), then follow the call's
 * channel from that cursor. graphql-ws re-subscribes after a reconnect with the last cursor
 * seen, so nothing is lost or shown twice; a RESET reloads the snapshot.
 */
export function useWhistleCall(callId) {
  const call = ref(null)
  const messages = ref([])
  const error = ref('')
  let cursor = 0
  let stop = null

  function follow(id) {
    if (stop) stop()
    const vars = { callId: id, after: cursor }
    stop = subscribe(WHISTLE_CALL_EVENTS, vars, {
      onData: (data) => {
        const e = data.whistleCallEvents
        if (e.kind === 'RESET') {
          load(id)
          return
        }
        if (e.cursor <= cursor) return
        cursor = e.cursor
        vars.after = cursor // a re-subscription after a reconnect resumes here
        if (e.call) call.value = e.call
        if (e.message && !messages.value.some((m) => m.id === e.message.id)) {
          messages.value = [...messages.value, e.message]
        }
      },
      onError: (err) => (error.value = err.message),
    })
  }

  async function load(id) {
    error.value = ''
    try {
      const data = await gql(WHISTLE_CALL, { callId: id })
      call.value = data.whistleCall.call
      messages.value = data.whistleCall.messages
      cursor = data.whistleCall.cursor
      follow(id)
    } catch (err) {
      error.value = err.message
    }
  }

  watch(callId, (id) => {
    if (stop) stop()
    stop = null
    call.value = null
    messages.value = []
    if (id) load(id)
  }, { immediate: true })

  onBeforeUnmount(() => stop && stop())

  return { call, messages, error, reload: () => callId.value && load(callId.value) }
}
