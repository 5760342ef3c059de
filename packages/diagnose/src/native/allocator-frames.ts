import { basename } from 'node:path'
import type { NativeFrame } from './symbolize.js'

/** The allocator itself and the C library under everything: never where a leak is. */
const ALLOCATOR_LIBRARY = /^(?:libjemalloc|libc|libc\+\+abi|ld-linux)[.-]/

/** Functions that allocate on behalf of their caller: the frame that matters is below them. */
const WRAPPER_FUNCTION = [
  /^operator new/,
  /^(?:__libc_|__)?(?:malloc|calloc|realloc|reallocarray|posix_memalign|aligned_alloc|memalign|valloc|strn?dup)$/,
  // library wrappers: av_malloc, av_mallocz, g_malloc0, CRYPTO_zalloc, cv::fastMalloc, xmalloc, av_buffer_allocz, uv__malloc
  /(?:^|[_:])(?:x|fast|safe)?(?:[mcz]alloc|malloc[z0]?|realloc[fz]?|alloc[z0]?|mallocz_array|malloc_array|strdup)(?:\(|$)/i,
  // C++ containers growing: the caller is what grows them
  /^std::(?:__new_allocator|allocator|allocator_traits|vector|__cxx11::basic_string|_Vector_base)\b.*::(?:allocate|reserve|_M_\w+)\(/,
  /^std::__cxx11::basic_string<.*>::_M_(?:create|construct|mutate|append)/,
]

function inAllocatorLibrary(frame: NativeFrame): boolean {
  return frame.library !== '' && ALLOCATOR_LIBRARY.test(basename(frame.library))
}

/** True for the frames that only allocate: jemalloc, libc, malloc and `operator new` wrappers. */
export function isAllocatorFrame(frame: NativeFrame): boolean {
  if (inAllocatorLibrary(frame)) return true
  const name = frame.function
  return name !== undefined && WRAPPER_FUNCTION.some((re) => re.test(name))
}

/** A Node addon (`.node`), the kind of module a user can do something about. */
export function isAddon(frame: NativeFrame): boolean {
  return frame.library.endsWith('.node')
}

/**
 * The frames from the first one that is not the allocator, innermost first: where the stack's
 * memory was asked for. When every frame looks like an allocator (a stack cut short under a
 * wrapper), those past jemalloc and libc; the whole stack when nothing is.
 */
export function callerFrames(frames: readonly NativeFrame[]): NativeFrame[] {
  const first = frames.findIndex((f) => !isAllocatorFrame(f))
  if (first >= 0) return frames.slice(first)
  const wrapper = frames.findIndex((f) => !inAllocatorLibrary(f))
  return wrapper >= 0 ? frames.slice(wrapper) : [...frames]
}

/**
 * Frames of leakwatch's own instruments in the diagnosis pass: V8's sampling heap profiler and
 * heap snapshots, and the inspector session that drives them. Their memory grows between the
 * two dumps because the instruments started after the baseline, not because the scenario leaks.
 */
const INSTRUMENT_FUNCTION = /^(?:v8_inspector::|node::inspector::|v8::internal::(?:SamplingHeapProfiler|HeapProfiler|HeapSnapshot\w*|AllocationTracker)::)/

export function isInstrumentFrame(frame: NativeFrame): boolean {
  return frame.function !== undefined && INSTRUMENT_FUNCTION.test(frame.function)
}
