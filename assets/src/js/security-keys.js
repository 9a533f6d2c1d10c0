// Security keys and passkeys (WebAuthn) for the forms marked data-webauthn.
//
// The form is hidden in the HTML and shown only once this script has found a
// browser that can use a security key, so nobody is offered a button that
// cannot work. On submit the script asks the server for options (a POST with
// the form's CSRF token in X-CSRFToken), hands them to the browser, and sends
// the form with the authenticator's answer, or the name of the error the
// browser gave, in hidden fields: the server writes every message shown.

function toBytes (base64url) {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/')
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4)
  const text = atob(padded)
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
  return bytes.buffer
}

function toBase64url (buffer) {
  const bytes = new Uint8Array(buffer)
  let text = ''
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i])
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function creationOptions (json) {
  const options = { ...json, challenge: toBytes(json.challenge) }
  options.user = { ...json.user, id: toBytes(json.user.id) }
  options.excludeCredentials = (json.excludeCredentials || []).map(
    (credential) => ({ ...credential, id: toBytes(credential.id) })
  )
  return { publicKey: options }
}

function requestOptions (json) {
  const options = { ...json, challenge: toBytes(json.challenge) }
  options.allowCredentials = (json.allowCredentials || []).map(
    (credential) => ({ ...credential, id: toBytes(credential.id) })
  )
  return { publicKey: options }
}

function registrationJSON (credential) {
  const response = credential.response
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment || undefined,
    clientExtensionResults: credential.getClientExtensionResults(),
    response: {
      clientDataJSON: toBase64url(response.clientDataJSON),
      attestationObject: toBase64url(response.attestationObject),
      transports: response.getTransports ? response.getTransports() : []
    }
  }
}

function assertionJSON (credential) {
  const response = credential.response
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment || undefined,
    clientExtensionResults: credential.getClientExtensionResults(),
    response: {
      clientDataJSON: toBase64url(response.clientDataJSON),
      authenticatorData: toBase64url(response.authenticatorData),
      signature: toBase64url(response.signature),
      userHandle: response.userHandle ? toBase64url(response.userHandle) : undefined
    }
  }
}

function field (form, name) {
  return form.querySelector(`input[name="${name}"]`)
}

async function ceremony (form) {
  const csrf = field(form, 'csrf_token')
  const answer = await fetch(form.dataset.webauthnOptions, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'X-CSRFToken': csrf ? csrf.value : '', Accept: 'application/json' }
  })
  if (!answer.ok) throw new DOMException('options refused', 'OptionsError')
  const json = await answer.json()
  if (form.dataset.webauthn === 'create') {
    const credential = await navigator.credentials.create(creationOptions(json))
    return registrationJSON(credential)
  }
  const credential = await navigator.credentials.get(requestOptions(json))
  return assertionJSON(credential)
}

function enhance (form) {
  const button = form.querySelector('button[type="submit"]')
  form.addEventListener('submit', async (event) => {
    if (field(form, 'credential').value) return
    event.preventDefault()
    // The name, when there is one, is checked by the server first.
    const name = field(form, 'name')
    if (name && !name.value.trim()) {
      form.submit()
      return
    }
    if (button) button.disabled = true
    try {
      field(form, 'credential').value = JSON.stringify(await ceremony(form))
    } catch (error) {
      field(form, 'client_error').value = (error && error.name) || 'Error'
    }
    form.submit()
  })
}

function supported () {
  return Boolean(
    window.PublicKeyCredential && navigator.credentials && window.isSecureContext
  )
}

if (supported()) {
  for (const form of document.querySelectorAll('form[data-webauthn]')) {
    enhance(form)
    form.hidden = false
  }
  for (const message of document.querySelectorAll('[data-webauthn-unsupported]')) {
    message.hidden = true
  }
}
