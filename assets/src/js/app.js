import { initAll } from './govuk-frontend.min.js'

initAll()

// The inbox's "Select all items on this page". It is hidden until this runs,
// as without a script it could do nothing.
for (const all of document.querySelectorAll('[data-app-select-all]')) {
  const name = all.dataset.appSelectAll
  const boxes = () => [...document.querySelectorAll(`input[type=checkbox][name="${name}"]`)]
  all.closest('[hidden]')?.removeAttribute('hidden')
  all.addEventListener('change', () => {
    for (const box of boxes()) box.checked = all.checked
  })
  document.addEventListener('change', (event) => {
    if (event.target.name === name) all.checked = boxes().every((box) => box.checked)
  })
}

// The inbox's bulk "Change status to" list offers only the statuses at least
// one selected item can take (all those of the page's items while none is
// selected). The server still skips, and says so, any item that cannot.
for (const select of document.querySelectorAll('[data-app-status-kinds]')) {
  const kindsFor = JSON.parse(select.dataset.appStatusKinds)
  const form = select.form
  const follow = () => {
    const chosen = [...form.querySelectorAll('input[name=items]:checked')]
    const kinds = new Set(chosen.map((box) => box.dataset.kind))
    for (const option of select.options) {
      const offered = !kinds.size || (kindsFor[option.value] || []).some((kind) => kinds.has(kind))
      option.hidden = !offered
      option.disabled = !offered
    }
    if (select.selectedOptions[0]?.disabled) {
      const first = [...select.options].find((option) => !option.disabled)
      if (first) select.value = first.value
    }
  }
  form.addEventListener('change', follow)
  follow()
}
