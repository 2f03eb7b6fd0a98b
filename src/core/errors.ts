/** The one error type for bad input everywhere in the lab: it names the field and the rule it broke. */
export class ValidationError extends Error {
  constructor(readonly field: string, readonly rule: string) {
    super(`${field}: ${rule}`)
    this.name = 'ValidationError'
  }
}
