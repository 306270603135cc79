import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = '/sys/fs/cgroup';
const CONTROLLERS = ['cpu', 'memory', 'freezer'] as const;
type Controller = (typeof CONTROLLERS)[number];

/** Lambda gives a function one vCPU at 1,769 MB and CPU in proportion to memory below that. */
export const MB_PER_VCPU = 1769;
const PERIOD_US = 100_000;

/** Where this process sits in a cgroup v1 hierarchy: new groups are made below it, inside any limit it already has. */
function ownPath(controller: Controller): string {
  const line = readFileSync('/proc/self/cgroup', 'utf8')
    .split('\n')
    .find((l) => l.split(':')[1]?.split(',').includes(controller));
  return line?.split(':')[2] ?? '/';
}

/**
 * Why Lambda's cgroups cannot be made here, or undefined when they can: the
 * cgroup v1 cpu, memory and freezer hierarchies must be mounted and writable
 * (root, or a delegated subtree).
 */
export function cgroupsUnavailable(): string | undefined {
  for (const c of CONTROLLERS) {
    const dir = join(ROOT, c, ownPath(c));
    if (!existsSync(join(dir, 'cgroup.procs'))) return `no cgroup v1 ${c} hierarchy at ${join(ROOT, c)}`;
    const probe = join(dir, `ske-probe-${process.pid}`);
    try {
      mkdirSync(probe);
      rmdirSync(probe);
    } catch (err) {
      return `cannot create a ${c} cgroup under ${dir}: ${(err as Error).message}`;
    }
  }
  return undefined;
}

/**
 * One Lambda execution environment's cgroups: a CPU quota of memory/1,769 of a
 * vCPU (cpu.cfs_quota_us over a 100 ms period), a memory limit of the memory
 * size, and a freezer to stop every process in it between invocations.
 */
export class LambdaCgroup {
  readonly dirs: Record<Controller, string>;

  private constructor(name: string) {
    this.dirs = Object.fromEntries(CONTROLLERS.map((c) => [c, join(ROOT, c, ownPath(c), name)])) as Record<
      Controller,
      string
    >;
  }

  /** Creates the groups for a function of `memoryMb` MB. */
  static create(name: string, memoryMb: number): LambdaCgroup {
    const group = new LambdaCgroup(name);
    for (const dir of Object.values(group.dirs)) mkdirSync(dir, { recursive: true });
    const quota = Math.round((PERIOD_US * memoryMb) / MB_PER_VCPU);
    writeFileSync(join(group.dirs.cpu, 'cpu.cfs_period_us'), String(PERIOD_US));
    writeFileSync(join(group.dirs.cpu, 'cpu.cfs_quota_us'), String(quota));
    writeFileSync(join(group.dirs.memory, 'memory.limit_in_bytes'), String(memoryMb * 1024 * 1024));
    return group;
  }

  /** The files a process writes its pid to (`echo $$ > f`) to enter every group before it starts the runtime. */
  get procsFiles(): string[] {
    return Object.values(this.dirs).map((dir) => join(dir, 'cgroup.procs'));
  }

  /** The CPU share the quota gives, as a fraction of one core. */
  get cpuShare(): number {
    const quota = Number(readFileSync(join(this.dirs.cpu, 'cpu.cfs_quota_us'), 'utf8'));
    return quota / Number(readFileSync(join(this.dirs.cpu, 'cpu.cfs_period_us'), 'utf8'));
  }

  pids(): number[] {
    return readFileSync(join(this.dirs.freezer, 'cgroup.procs'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(Number);
  }

  /** Highest memory use of the group so far, in bytes (Lambda's "Max Memory Used"). */
  maxMemoryBytes(): number {
    return Number(readFileSync(join(this.dirs.memory, 'memory.max_usage_in_bytes'), 'utf8'));
  }

  state(): string {
    return readFileSync(join(this.dirs.freezer, 'freezer.state'), 'utf8').trim();
  }

  /** Stops every process in the group, as Lambda does once an invocation has returned; waits until they are. */
  async freeze(): Promise<void> {
    await this.setState('FROZEN');
  }

  async thaw(): Promise<void> {
    await this.setState('THAWED');
  }

  private async setState(target: 'FROZEN' | 'THAWED'): Promise<void> {
    writeFileSync(join(this.dirs.freezer, 'freezer.state'), target);
    // FREEZING is transient: the kernel reports FROZEN once every task has stopped.
    const deadline = Date.now() + 5_000;
    while (this.state() !== target) {
      if (Date.now() > deadline) throw new Error(`cgroup ${this.dirs.freezer} stuck in ${this.state()}`);
      await sleep(1);
    }
  }

  /** Kills whatever is left in the group and removes it. */
  async destroy(): Promise<void> {
    if (!existsSync(this.dirs.freezer)) return;
    for (const pid of this.pids()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    // A frozen task cannot die: thaw so the SIGKILLs land.
    writeFileSync(join(this.dirs.freezer, 'freezer.state'), 'THAWED');
    const deadline = Date.now() + 5_000;
    while (this.pids().length > 0 && Date.now() < deadline) await sleep(5);
    for (const dir of Object.values(this.dirs)) {
      try {
        rmdirSync(dir);
      } catch {
        // removed by a concurrent destroy, or still busy: left for the next run's cleanup
      }
    }
  }
}
