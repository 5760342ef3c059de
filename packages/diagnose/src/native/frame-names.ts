import { basename } from 'node:path'
import type { SourceLocation } from '@leakwatch/contracts'
import type { NativeFrame } from './symbolize.js'

const ANONYMOUS = '(anonymous namespace)'

/**
 * A demangled C++ name without its parameter list (`cv::VideoWriter::open(std::__cxx11::…
 * const&, int, …)` → `cv::VideoWriter::open`): the parameters make names too long to read and
 * rarely tell two leaks apart.
 */
export function shortFunctionName(name: string): string {
  const masked = name.replaceAll(ANONYMOUS, '\u0000')
  const open = masked.indexOf('(')
  return (open > 0 ? masked.slice(0, open) : masked).replaceAll('\u0000', ANONYMOUS)
}

/** The file name of a frame's object (`libopencv_videoio.so.4.6.0`), `[anonymous]` for JIT code. */
export function moduleName(frame: NativeFrame): string {
  return frame.library ? basename(frame.library) : '[anonymous]'
}

/** A frame's function, short, or `<object>+0x<pc>` when the object has no symbol for it. */
export function frameName(frame: NativeFrame): string {
  return frame.function ? shortFunctionName(frame.function) : `${moduleName(frame)}+0x${frame.pc.toString(16)}`
}

/**
 * A native frame as a SourceLocation: the source file and line where the object has debug
 * info for them; otherwise the object's path with line 0 and column 0, which mean unknown
 * (native frames carry no column at all).
 */
export function frameLocation(frame: NativeFrame): SourceLocation {
  return {
    file: frame.file ?? (frame.library || '[anonymous]'),
    line: frame.line ?? 0,
    column: 0,
    function: frameName(frame),
  }
}

/** `12.0 MiB`, `41 KiB`, `512 B`. */
export function bytesText(bytes: number): string {
  const abs = Math.abs(bytes)
  if (abs >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GiB`
  if (abs >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MiB`
  if (abs >= 2 ** 10) return `${(bytes / 2 ** 10).toFixed(0)} KiB`
  return `${Math.round(bytes)} B`
}
