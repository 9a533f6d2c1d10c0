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
