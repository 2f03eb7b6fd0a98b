// Saving a file from the page: a Blob behind a temporary <a download>, the one way a browser and Electron both honour.

/** Offers `data` to the user as a file named `name`. */
export function downloadFile(name: string, data: Blob): void {
  const url = URL.createObjectURL(data)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000) // revoking at once can cancel the download in Chromium
}

/** A Blob from base64 text (the service sends binary files that way over JSON). */
export function base64Blob(base64: string, mime: string): Blob {
  const bin = atob(base64)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  return new Blob([bytes], { type: mime })
}
