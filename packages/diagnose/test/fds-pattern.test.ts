import { describe, expect, it } from 'vitest'
import { fdCoarseGroup, fdGroup, pathPattern } from '../src/fds-pattern.js'
import { describeSocket, inetAddress, parseInetTable, parseUnixTable } from '../src/fds-sockets.js'

describe('pathPattern()', () => {
  it.each([
    ['/tmp/state-1.json.tmp', '/tmp/state-*.json.tmp'],
    ['/tmp/state-600.json.tmp', '/tmp/state-*.json.tmp'],
    // mkdtemp's six random characters, then a counter
    ['/tmp/leakwatch-a8Zk3q/frame_0042.raw', '/tmp/leakwatch-*/frame_*.raw'],
    ['/var/cache/3f2a9c1e-4b7d-4e2a-9f00-12ab34cd56ef.bin', '/var/cache/*.bin'],
    ['/data/blob-9f86d081884c7d659a2feaa0c55ad015.dat', '/data/blob-*.dat'],
    // a short extension with a digit is a kind of file, not a counter
    ['/videos/cam1-17.mp4', '/videos/cam*-*.mp4'],
    ['/var/log/app.log.3', '/var/log/app.log.*'],
    ['/tmp/state-7.json (deleted)', '/tmp/state-*.json (deleted)'],
    ['/dev/null', '/dev/null'],
  ])('%s → %s', (path, pattern) => {
    expect(pathPattern(path)).toBe(pattern)
  })
})

describe('fdGroup() and fdCoarseGroup()', () => {
  it.each([
    ['tcp 127.0.0.1:43512 → 127.0.0.1:8080', 'tcp to 127.0.0.1:8080', 'tcp to 127.0.0.1:*'],
    ['tcp listen 0.0.0.0:41234', 'tcp listen 0.0.0.0:41234', 'tcp listen 0.0.0.0:*'],
    ['unix /run/x.sock', 'unix /run/x.sock', 'unix /run/x.sock'],
    ['pipe:[1254825]', 'pipe', 'pipe'],
    ['socket:[99]', 'socket', 'socket'],
    ['anon_inode:[eventfd]', 'anon_inode:[eventfd]', 'anon_inode:[eventfd]'],
    ['/tmp/q/AbCdEf', '/tmp/q/AbCdEf', '/tmp/q/*'],
  ])('%s', (target, fine, coarse) => {
    expect(fdGroup(target)).toBe(fine)
    expect(fdCoarseGroup(target)).toBe(coarse)
  })
})

describe('the /proc/net tables', () => {
  it.each([
    // 127.0.0.1 in little-endian words; 0x1F90 = 8080
    ['0100007F:1F90', true, '127.0.0.1:8080'],
    ['7F000001:1F90', false, '127.0.0.1:8080'],
    ['00000000000000000000000001000000:0050', true, '[::1]:80'],
    ['0000000000000000FFFF00000100007F:0050', true, '[::ffff:127.0.0.1]:80'],
    ['B80D0120000000000000000001000000:01BB', true, '[2001:db8::1]:443'],
    ['zz:1', true, undefined],
  ])('inetAddress(%s, le=%s) is %s', (hex, littleEndian, address) => {
    expect(inetAddress(hex, littleEndian)).toBe(address)
  })

  it('reads connections, listeners and their inodes from a tcp table', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 111 1 0000000000000000 100 0 0 10 0',
      '   1: 0100007F:A9E8 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 222 1 0000000000000000 20 4 30 10 -1',
    ].join('\n')
    const sockets = parseInetTable(table, 'tcp', true)
    expect(describeSocket(sockets.get(111)!)).toBe('tcp listen 127.0.0.1:8080')
    expect(describeSocket(sockets.get(222)!)).toBe('tcp 127.0.0.1:43496 → 127.0.0.1:8080')
  })

  it('reads bound and unbound unix sockets, paths with spaces too', () => {
    const table = [
      'Num       RefCount Protocol Flags    Type St Inode Path',
      '0000000000000000: 00000002 00000000 00010000 0001 01 333 /run/my app.sock',
      '0000000000000000: 00000003 00000000 00000000 0001 03 444',
    ].join('\n')
    const sockets = parseUnixTable(table)
    expect(describeSocket(sockets.get(333)!)).toBe('unix /run/my app.sock')
    expect(describeSocket(sockets.get(444)!)).toBe('unix')
  })
})
