/**
 * On a shared Linux machine, the bench asks the scheduler for the CPU before everything else
 * running there. Linux groups the processes of each session (each shell, each tool's command)
 * into an autogroup and shares the CPU between autogroups equally, whatever their processes'
 * `nice`: on the 2-vCPU VMs where helpers run builds and browser tests beside it (load 10–14),
 * the bench got a fraction of a core and `read_csv` took 3–4× its quiet time. Raising the
 * bench's own autogroup (and so its child processes and the Chromium it starts, which stay in
 * the session) puts it first; on a quiet machine it changes nothing. Needs root (or
 * CAP_SYS_NICE) and a kernel with autogroups; without them the bench runs as before and says so.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** What the bench runs at, for the results' machine line. */
export function askPriority() {
  try {
    writeFileSync('/proc/self/autogroup', '-20');
    const now = readFileSync('/proc/self/autogroup', 'utf8').trim();
    return now.endsWith('nice -20') ? 'first in CPU (autogroup nice -20)' : 'normal priority';
  } catch {
    return 'normal priority';
  }
}

/**
 * The same for the sessions of this process's children that started their own (Playwright
 * starts Chromium detached, so the browser and its renderers are an autogroup of their own):
 * each child's autogroup, and so every process of its session, goes first too. Best effort.
 */
export function raiseChildren() {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) writeFileSync(`/proc/${pid}/autogroup`, '-20');
    } catch {
      // Gone, or not ours to change.
    }
  }
}
