// Function-key shortcuts of a terminal (the counter console): F-keys never type text, so they
// work while a field has the focus. Each handler decides itself whether its action is available.
import { onBeforeUnmount, onMounted } from 'vue'

export function useShortcuts(map) {
  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) return
    const handler = map[event.key]
    if (!handler) return
    event.preventDefault() // F1 help, F3 find, F7 caret browsing … are the browser's otherwise
    handler()
  }
  onMounted(() => window.addEventListener('keydown', onKey))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey))
}
