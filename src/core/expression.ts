/** A tiny safe parser for expression tasks z = f(x, y) mod M (reference `expression`): integers, x, y, + − * ^ and parentheses; no eval. */
import { ValidationError } from './errors'

/** A compiled expression: evaluates f(x, y) mod M exactly (BigInt-free: every intermediate is reduced mod M). */
export type CompiledExpression = (x: number, y: number) => number

type Node =
  | { k: 'num'; v: number }
  | { k: 'var'; v: 'x' | 'y' }
  | { k: 'neg'; a: Node }
  | { k: 'bin'; op: '+' | '-' | '*'; a: Node; b: Node }
  | { k: 'pow'; a: Node; e: number }

const MAX_TOKENS = 4000
const MAX_DEPTH = 100

/** Parses `src` (e.g. "x^2+x*y+y^2"; "**" is accepted for ^ as in the reference) and returns f(x, y) mod M. */
export function compileExpression(src: string, M: number): CompiledExpression {
  if (!Number.isInteger(M) || M < 2) throw new ValidationError('expression', `needs a modulus M ≥ 2 (got ${M})`)
  const toks = (src.replace(/\*\*/g, '^').match(/\s*(\d+|[xy]|[-+*^()]|\S)/g) ?? []).map((t) => t.trim())
  let i = 0
  const fail = (msg: string): never => { throw new ValidationError('expression', `${msg} in ${JSON.stringify(src)}`) }
  const peek = (): string | undefined => toks[i]
  // the parser and the evaluator recurse: bounded nesting and length keep "((((…x…))))" a named error, not a stack overflow
  if (toks.length > MAX_TOKENS) fail(`too long (at most ${MAX_TOKENS} tokens)`)
  let depth = 0
  const deeper = <T>(f: () => T): T => {
    if (++depth > MAX_DEPTH) fail(`nested too deeply (at most ${MAX_DEPTH} levels of parentheses and signs)`)
    try { return f() } finally { depth-- }
  }
  // grammar: sum := term (('+'|'-') term)* ; term := unary ('*' unary)* ; unary := '-' unary | power ; power := atom ('^' int)?
  const sum = (): Node => {
    let a = term()
    while (peek() === '+' || peek() === '-') { const op = toks[i++] as '+' | '-'; a = { k: 'bin', op, a, b: term() } }
    return a
  }
  const term = (): Node => {
    let a = unary()
    while (peek() === '*') { i++; a = { k: 'bin', op: '*', a, b: unary() } }
    return a
  }
  const unary = (): Node => (peek() === '-' ? (i++, { k: 'neg', a: deeper(unary) }) : peek() === '+' ? (i++, deeper(unary)) : power())
  const power = (): Node => {
    const a = atom()
    if (peek() !== '^') return a
    i++
    const t = toks[i++]
    if (t === undefined || !/^\d+$/.test(t)) fail('an exponent must be a non-negative integer literal')
    const e = Number(t)
    if (e > 1e6) fail('exponent too large (≤ 1000000)')
    return { k: 'pow', a, e }
  }
  const atom = (): Node => {
    const t = toks[i++]
    if (t === undefined) return fail('unexpected end')
    if (/^\d+$/.test(t)) return { k: 'num', v: Number(t) }
    if (t === 'x' || t === 'y') return { k: 'var', v: t }
    if (t === '(') {
      const a = deeper(sum)
      if (toks[i++] !== ')') fail('missing )')
      return a
    }
    return fail(`unexpected ${JSON.stringify(t)}`)
  }
  const root = sum()
  if (i !== toks.length) fail(`unexpected ${JSON.stringify(toks[i])}`)
  if (!toks.length) fail('empty expression')
  // modular arithmetic with exact products: M ≤ 2^26 keeps a·b < 2^53
  if (M > 1 << 26) throw new ValidationError('expression', `M must be ≤ ${1 << 26} (got ${M})`)
  const mod = (v: number): number => ((v % M) + M) % M
  const ev = (n: Node, x: number, y: number): number => {
    switch (n.k) {
      case 'num': return n.v % M
      case 'var': return mod(n.v === 'x' ? x : y)
      case 'neg': return mod(-ev(n.a, x, y))
      case 'bin': {
        const a = ev(n.a, x, y), b = ev(n.b, x, y)
        return n.op === '+' ? (a + b) % M : n.op === '-' ? mod(a - b) : (a * b) % M
      }
      case 'pow': {
        let base = ev(n.a, x, y), e = n.e, acc = 1 % M
        while (e > 0) { if (e & 1) acc = (acc * base) % M; base = (base * base) % M; e >>= 1 }
        return acc
      }
    }
  }
  return (x, y) => ev(root, x, y)
}
