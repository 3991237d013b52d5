import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs a module that installs the stall guard, then awaits a promise nothing will ever settle. */
function stalledRun(beforeStall: string): { code: number | null; stderr: string } {
  const stall = new URL('./process-guards.ts', import.meta.url).href;
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
    const stall = new URL('./process-guards.ts', import.meta.url).href;
    const script = `import { failWhenStalled } from ${JSON.stringify(stall)}; let settled = false; failWhenStalled(() => settled); await Promise.resolve(); settled = true; process.exitCode = 0;`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.status).toBe(0);
    expect(child.stderr).toBe('');
  });
});

describe('a rejection nobody handled', () => {
  function strayRejection(beforeReject: string, reason: string): { code: number | null; stderr: string } {
    const guards = new URL('./process-guards.ts', import.meta.url).href;
    const lost = new URL('../db/lost-connections.ts', import.meta.url).href;
    const script = `
      import { warnOfStrayRejections } from ${JSON.stringify(guards)};
      import { noteConnectionLost } from ${JSON.stringify(lost)};
      warnOfStrayRejections();
      ${beforeReject}
      Promise.reject(${reason});
      await new Promise((resolve) => setTimeout(resolve, 50));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    return { code: child.status, stderr: child.stderr };
  }
  const closed = `Object.assign(new Error('write CONNECTION_CLOSED 127.0.0.1:5432'), { code: 'CONNECTION_CLOSED' })`;

  it('is a warning, and the run goes on', () => {
    const { code, stderr } = strayRejection('', `new Error('pdfjs: bad XRef entry')`);
    expect(code).toBe(0);
    expect(stderr.trim()).toBe('gongkai: warning: unhandled rejection: Error: pdfjs: bad XRef entry');
  });

  it('is left unsaid when it is a statement stranded on a lost database connection (the run says E_DB)', () => {
    expect(strayRejection('noteConnectionLost();', closed)).toEqual({ code: 0, stderr: '' });
  });

  it('is a warning when it names a lost connection but none was lost', () => {
    expect(strayRejection('', closed).stderr).toMatch(/^gongkai: warning: unhandled rejection: Error: write CONNECTION_CLOSED/);
  });
});
