import { existsSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { lefthookConfig, preCommitScript } from './hook.js'
import { isOurs, type WriteOptions, writeOwned } from './write.js'

const LEFTHOOK = ['lefthook.yml', 'lefthook.yaml', '.lefthook.yml', '.lefthook.yaml']

/**
 * Installs the pre-commit hook where this project's hooks live: lefthook (a lefthook config
 * exists: a script and `lefthook-leakwatch.yml` to merge, the config untouched), husky (a
 * `.husky/` folder: `.husky/pre-commit`), else git's hooks folder. A pre-commit hook that is
 * not leakwatch's is never overwritten, even with --force: the script goes beside it, and a
 * line says how to call it from there.
 */
export function installHook(root: string, hooksDir: string, watch: readonly string[], options: WriteOptions, config?: string): void {
  const script = preCommitScript(watch, config)
  const lefthook = LEFTHOOK.find((f) => existsSync(join(root, f)))
  if (lefthook) {
    const path = '.leakwatch/pre-commit.sh'
    writeOwned(join(root, path), script, options, true)
    writeOwned(join(root, 'lefthook-leakwatch.yml'), lefthookConfig(path), options)
    options.say(`${lefthook} is yours and left as it is: merge lefthook-leakwatch.yml into it (or list it under extends:), then run lefthook install`)
    return
  }
  const husky = join(root, '.husky')
  const target = existsSync(husky) && statSync(husky).isDirectory() ? join(husky, 'pre-commit') : join(hooksDir, 'pre-commit')
  if (existsSync(target) && !isOurs(target)) {
    const beside = join(dirname(target), 'leakwatch-pre-commit')
    writeOwned(beside, script, options, true)
    options.say(`${relative(options.cwd, target)} exists and is not leakwatch's: add this line to it to run the leak tests: sh ${relative(root, beside)}`)
    return
  }
  writeOwned(target, script, options, true)
}
