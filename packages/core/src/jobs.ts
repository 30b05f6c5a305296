import { randomUUID } from 'node:crypto';
import { jobRuns, type DatabaseHandle } from '@zhenxing/db';
import { and, eq } from 'drizzle-orm';
import { Cron } from 'croner';
import { appendAudit } from './audit.ts';
import type { Clock, Logger } from './context.ts';
import type { EventBus } from './event-bus.ts';
import type { EventName, PendingEvent } from './events.ts';
import type { ModuleService } from './modules.ts';
import { ParameterStore } from './parameters.ts';
import type { AnyPluginManifest, JobDefinition } from './plugin-manifest.ts';
import { systemAccess, systemActor, todayOf } from './module-context.ts';

export const SCHEDULE_TIMEZONE = 'Asia/Shanghai';

interface ScheduledJob {
  key: string;
  /** The owning plugin; null for the core's own jobs (audit retention, checkpoints). */
  plugin: AnyPluginManifest | null;
  job: JobDefinition;
  cron: Cron;
  lastClaimedTick: number;
}

export interface TickOutcome {
  job: string;
  tick: Date;
  outcome: 'ran' | 'failed' | 'taken-by-another-instance';
  error?: string;
}

/** The core's own jobs (audit retention, checkpoints, purges) run under this identity. */
const CORE_IDENTITY = { id: 'core', title: { 'zh-CN': '平台', en: 'Platform' } };

/**
 * Runs plugin jobs on cron ticks (Asia/Shanghai). Each tick of each job is claimed by inserting
 * `(job, tick)` into `core.job_runs`; the primary key lets exactly one server instance win, so any
 * number of instances (or PGlite's single one) run each tick once. A job sees only the counties
 * that currently enable its plugin.
 */
export class JobScheduler {
  private readonly jobs: ScheduledJob[];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  readonly instanceId = randomUUID();

  constructor(
    plugins: readonly AnyPluginManifest[],
    private readonly database: DatabaseHandle,
    private readonly modules: ModuleService,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly logger: Logger,
    coreJobs: readonly JobDefinition[] = [],
    private readonly parameters: ParameterStore = new ParameterStore(database),
  ) {
    const schedule = (plugin: AnyPluginManifest | null, job: JobDefinition): ScheduledJob => ({
      key: `${plugin?.id ?? 'core'}.${job.id}`,
      plugin,
      job,
      cron: new Cron(job.cron, { timezone: SCHEDULE_TIMEZONE, paused: true }),
      lastClaimedTick: 0,
    });
    this.jobs = [...coreJobs.map((job) => schedule(null, job)), ...plugins.flatMap((plugin) => (plugin.jobs ?? []).map((job) => schedule(plugin, job)))];
  }

  get jobKeys(): string[] {
    return this.jobs.map((job) => job.key);
  }

  /** Polls every `intervalMs`; each poll runs the ticks that came due. */
  start(intervalMs = 15_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.running = this.runDue()
        // Each poll also retries events whose delivery a crash or a failed handler left unfinished.
        .then(() => this.events.redeliver())
        .catch((error: unknown) => this.logger.error({ err: String(error) }, 'job poll failed'));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Runs, once across all instances, the latest due tick of every job. */
  async runDue(): Promise<TickOutcome[]> {
    const now = this.clock.now();
    const outcomes: TickOutcome[] = [];
    for (const scheduled of this.jobs) {
      // previousRuns excludes the reference instant itself; nudge it so a tick at `now` counts.
      const [tick] = scheduled.cron.previousRuns(1, new Date(now.getTime() + 1));
      if (!tick || tick.getTime() <= scheduled.lastClaimedTick) continue;
      scheduled.lastClaimedTick = tick.getTime();
      outcomes.push(await this.runTick(scheduled, tick));
    }
    return outcomes;
  }

  private async runTick(scheduled: ScheduledJob, tick: Date): Promise<TickOutcome> {
    const { db } = this.database;
    const claimed = await db
      .insert(jobRuns)
      .values({ jobId: scheduled.key, tick, instanceId: this.instanceId })
      .onConflictDoNothing()
      .returning({ jobId: jobRuns.jobId });
    if (claimed.length === 0) return { job: scheduled.key, tick, outcome: 'taken-by-another-instance' };
    let raised: PendingEvent[] = [];
    const runKey = and(eq(jobRuns.jobId, scheduled.key), eq(jobRuns.tick, tick));
    try {
      const { plugin } = scheduled;
      const owner = plugin?.id ?? 'core';
      const counties = plugin ? await this.modules.enabledCounties(db, plugin.id, '') : [];
      const parameters = await this.parameters.snapshot();
      await db.transaction(async (tx) => {
        const actor = systemActor(scheduled.key);
        await scheduled.job.run({
          db: tx,
          access: systemAccess(plugin ?? CORE_IDENTITY, counties),
          settings: null,
          settingsFor: (countyCode) => (plugin ? this.modules.settings(tx, plugin.id, countyCode) : Promise.resolve({})),
          audit: (entry) => appendAudit(tx, actor, { ...entry, plugin: owner }, this.clock.now()),
          emit: (name: EventName, payload: unknown) => raised.push({ name, payload, source: owner }),
          parameters,
          clock: this.clock,
          today: todayOf(this.clock),
          logger: this.logger,
          actor,
          tick,
          counties,
        });
        raised = await this.events.record(tx, raised);
      });
      await db.update(jobRuns).set({ status: 'done', finishedAt: new Date() }).where(runKey);
      this.events.publish(raised);
      return { job: scheduled.key, tick, outcome: 'ran' };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await db.update(jobRuns).set({ status: 'failed', finishedAt: new Date(), error: message }).where(runKey);
      this.logger.error({ job: scheduled.key, tick, err: message }, 'job failed');
      return { job: scheduled.key, tick, outcome: 'failed', error: message };
    }
  }
}
