// Element Plus leaves the page-size select of <el-pagination layout="…sizes…"> without an
// accessible name (axe: "Form elements must have labels"). `v-page-size-label` on the
// pagination names it; `updated` covers a re-render that replaced the input.
function label(el) {
  const input = el.querySelector('.el-pagination__sizes input')
  if (input && !input.getAttribute('aria-label')) input.setAttribute('aria-label', '每页条数')
}

export const vPageSizeLabel = { mounted: label, updated: label }
