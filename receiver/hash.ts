/** Node hashing and Ed25519 verification, the ports the shared verifier needs. */
import { createHash } from 'node:crypto'
export { verifyEd25519 } from '../electron/engine-host/key-store'

export const sha256 = (d: Uint8Array): string => createHash('sha256').update(d).digest('hex')
