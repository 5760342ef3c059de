import { isAvailable, VideoWriter } from '@leakwatch/native'
import type { WriterFactory } from '../workloads/session-recorder.js'

/**
 * The video writer the session recorder uses: OpenCV's (MJPG in .avi, gray frames) when the
 * native binding is here, else undefined, which means the recorder's own Y4M writer.
 */
export async function videoWriterOption(): Promise<{ create: WriterFactory; extension: string } | undefined> {
  if (!isAvailable().ok) return undefined
  return {
    extension: 'avi',
    create: (path, width, height, fps) => new VideoWriter(path, { codec: 'MJPG', fps, width, height, color: false }),
  }
}
