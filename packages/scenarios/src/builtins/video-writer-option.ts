import type { WriterFactory } from '../workloads/session-recorder.js'

/**
 * The video writer the session recorder uses. Until `@leakwatch/native` provides a real one,
 * the recorder's own Y4M writer (undefined here means "the default").
 */
export async function videoWriterOption(): Promise<{ create: WriterFactory; extension: string } | undefined> {
  return undefined
}
