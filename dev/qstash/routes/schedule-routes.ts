import { schedulePayload } from "../api-shapes";
import { validateCron } from "../cron-runner";
import type { EmulatorCore } from "../emulator-core";
import { badRequest, notFound } from "../errors";
import { param, rawRest, type Route, type RouteContext } from "../http-kit";
import { newId } from "../ids";
import type { ScheduleRecord } from "../model";
import { parsePublishRequest } from "../publish-request";

/** Schedules: create/upsert, list, get, delete, pause, resume (PATCH as the SDK sends, POST as the OpenAPI says). */
export function scheduleRoutes(core: EmulatorCore): Route[] {
  const { store, cron } = core;

  const mustFind = (id: string) => {
    const schedule = store.schedules.get(id);
    if (!schedule) throw notFound(`schedule ${id} not found`);
    return schedule;
  };

  const create = (ctx: RouteContext) => {
    const cronExpression = ctx.headers["upstash-cron"];
    if (!cronExpression) throw badRequest("Upstash-Cron header is required to create a schedule");
    validateCron(cronExpression);
    const spec = parsePublishRequest({
      destination: rawRest(ctx, /^\/v2\/schedules\//),
      headers: ctx.headers,
      body: ctx.body,
      callerIp: ctx.callerIp,
    });
    const scheduleId = ctx.headers["upstash-schedule-id"] || newId("scd");
    const existing = store.schedules.get(scheduleId);
    const schedule: ScheduleRecord = {
      scheduleId,
      cron: cronExpression,
      createdAt: existing?.createdAt ?? Date.now(),
      template: spec.template,
      delayMs: spec.delayMs,
      isPaused: false,
      lastScheduleTime: existing?.lastScheduleTime,
      lastScheduleStates: existing?.lastScheduleStates ?? {},
    };
    store.schedules.set(scheduleId, schedule);
    cron.refresh(schedule);
    return { status: 201, json: { scheduleId } };
  };

  const setPaused = (id: string, paused: boolean) => {
    const schedule = mustFind(id);
    schedule.isPaused = paused;
    cron.refresh(schedule);
    return {};
  };

  const pauseOrResume = (ctx: RouteContext) => setPaused(param(ctx, 0), param(ctx, 1) === "pause");

  return [
    {
      methods: ["PATCH", "POST"],
      pattern: /^\/v2\/schedules\/([^/]+)\/(pause|resume)$/,
      handle: pauseOrResume,
    },
    { methods: ["POST"], pattern: /^\/v2\/schedules\/(.+)$/, handle: create },
    {
      methods: ["GET"],
      pattern: /^\/v2\/schedules$/,
      handle: () => ({
        json: [...store.schedules.values()].sort((a, b) => a.createdAt - b.createdAt).map(schedulePayload),
      }),
    },
    {
      methods: ["GET"],
      pattern: /^\/v2\/schedules\/([^/]+)$/,
      handle: (ctx) => ({ json: schedulePayload(mustFind(param(ctx, 0))) }),
    },
    {
      methods: ["DELETE"],
      pattern: /^\/v2\/schedules\/([^/]+)$/,
      handle: (ctx) => {
        store.schedules.delete(mustFind(param(ctx, 0)).scheduleId);
        store.markDirty();
        return {};
      },
    },
  ];
}
