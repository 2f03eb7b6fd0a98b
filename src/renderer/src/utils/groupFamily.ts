// Which panel of Fig. 5 a group belongs to: the paper draws cyclic groups of prime and composite order, products and
// non-Abelian groups as separate panels, since their boundaries scale with different constants c_G.

export type GroupFamily = 'cyclic, prime order' | 'cyclic, composite order' | 'products' | 'non-Abelian'
export const GROUP_FAMILIES: readonly GroupFamily[] = ['cyclic, prime order', 'cyclic, composite order', 'products', 'non-Abelian']

function isPrime(n: number): boolean {
  if (n < 2) return false
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false
  return true
}

/** The family of a catalog group name: "23" (Z_23), "4x7" (a product), anything else (D7, Q8, SmallGroup(16,13), table:…) non-Abelian. */
export function groupFamily(group: string): GroupFamily {
  if (/^\d+$/.test(group)) return isPrime(Number(group)) ? 'cyclic, prime order' : 'cyclic, composite order'
  if (/^\d+(x\d+)+$/.test(group)) return 'products'
  return 'non-Abelian'
}
