// An import dialog's state (导入目录, 导入题库): a file chosen or its content pasted, checked as a
// whole by the hub, which either writes everything or lists every problem and writes nothing.
// The dialog supplies what to send (`send(content)` → the mutation's payload) and what to do on
// success; this keeps the file, the text, the busy flag, the result and the errors.
import { ref, watch } from 'vue'
import { messagesOf } from '@/utils/training'

export function useFileImport(visible, { missing, send, onImported, onReset = () => {}, onFileChosen = () => {} }) {
  const fileInput = ref()
  const content = ref('')
  const fileName = ref('')
  const running = ref(false)
  const result = ref(null) // the payload of a successful import
  const errors = ref([]) // every problem, in Chinese

  function clearFile() {
    if (fileInput.value) fileInput.value.value = ''
  }

  function reset() {
    content.value = ''
    fileName.value = ''
    result.value = null
    errors.value = []
    clearFile()
    onReset()
  }

  watch(visible, (open) => {
    if (open) reset()
  })

  async function onFile(event) {
    const file = event.target.files && event.target.files[0]
    if (!file) return
    fileName.value = file.name
    onFileChosen(file)
    content.value = await file.text()
    result.value = null
    errors.value = []
  }

  async function submit() {
    result.value = null
    errors.value = []
    if (!content.value.trim()) {
      errors.value = [missing]
      return
    }
    running.value = true
    try {
      const payload = await send(content.value)
      if (payload.errors.length) errors.value = payload.errors.map((e) => e.message)
      else {
        result.value = payload
        onImported(payload)
      }
    } catch (err) {
      errors.value = messagesOf(err)
    } finally {
      running.value = false
    }
  }

  return { fileInput, content, fileName, running, result, errors, clearFile, onFile, submit }
}
