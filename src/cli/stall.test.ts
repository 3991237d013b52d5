import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs a module that installs the stall guard, then awaits a promise nothing will ever settle. */
function stalledRun(beforeStall: string): { code: number | null; stderr: string } {
  const stall = new URL('./stall.ts', import.meta.url).href;
  const lost = new URL('../db/lost-connections.ts', import.meta.url).href;
  const script = `
    import { failWhenStalled } from ${JSON.stringify(stall)};
    import { noteConnectionLost } from ${JSON.stringify(lost)};
    let settled = false;
    failWhenStalled(() => settled);
    ${beforeStall}
    await new Promise(() => {});
    settled = true;`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return { code: child.status, stderr: child.stderr };
}

describe('a run left waiting on a promise nothing will settle', () => {
  it('fails with exit code 1 and one line instead of Node’s exit code 13', () => {
    const { code, stderr } = stalledRun('');
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('gongkai: E_INTERNAL: the run stalled: it was left waiting on something that will never finish');
  });

  it('is E_DB when a database connection was lost under the run', () => {
    const { code, stderr } = stalledRun('noteConnectionLost();');
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('gongkai: E_DB: the database connection was lost mid-statement and the run could not go on');
  });

  it('lets a run that finished exit as it chose', () => {
    const stall = new URL('./stall.ts', import.meta.url).href;
    const script = `import { failWhenStalled } from ${JSON.stringify(stall)}; let settled = false; failWhenStalled(() => settled); await Promise.resolve(); settled = true; process.exitCode = 0;`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.status).toBe(0);
    expect(child.stderr).toBe('');
  });
});
