import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

/**
 * The Chromium the report tests and benchmarks drive (Debian's package; playwright-core takes
 * it as `executablePath`, nothing is downloaded): `LEAKWATCH_CHROMIUM`, else the first of
 * chromium, chromium-browser, google-chrome on the PATH.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.LEAKWATCH_CHROMIUM) return env.LEAKWATCH_CHROMIUM
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
      try {
        accessSync(join(dir, name), constants.X_OK)
        return join(dir, name)
      } catch {}
    }
  }
  return undefined
}

/** What of a playwright page `chartColours` needs (tools/ has no playwright-core of its own). */
interface PageLike {
  $$eval<R>(selector: string, fn: (elements: unknown[]) => R): Promise<R>
}

/**
 * How many colours each chart canvas of the HTML report holds: a drawn chart has dozens, a
 * blank one one. One count per `.chart canvas`, in page order.
 */
export function chartColours(page: PageLike): Promise<number[]> {
  return page.$$eval('.chart canvas', (canvases) =>
    canvases.map((c) => {
      // browser types, without the DOM lib in the Node tests' tsconfig
      const canvas = c as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } }
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
      const seen = new Set<number>()
      for (let i = 0; i < pixels.length; i += 4) seen.add((((pixels[i] ?? 0) << 24) | ((pixels[i + 1] ?? 0) << 16) | ((pixels[i + 2] ?? 0) << 8) | (pixels[i + 3] ?? 0)) >>> 0)
      return seen.size
    }),
  )
}
