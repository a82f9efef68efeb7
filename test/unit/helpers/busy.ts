/** vi.waitFor gives up after 1 s by default: too short on a machine shared by many test runs. */
export const BUSY = { timeout: 30_000 }
