import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import * as orgs from '../reference/repository.js';
import { notFound } from '../shared/errors.js';
import * as repo from './repository.js';
import * as s from './schemas.js';
import * as svc from './service.js';
import { idParams, zodParts } from './zod.js';

type Row<T> = NonNullable<Awaited<T>>;
type Id = { Params: { id: number } };

const who = (r: FastifyRequest): svc.Who => ({ actor: r.principal.actor, ip: r.ip });
const noContent = { 204: { type: 'null' }, ...s.errors } as const;

function organisationDto(o: Row<ReturnType<typeof orgs.findOrganisation>>) {
  return {
    id: o.id,
    code: o.code,
    kind: o.kind,
    name: { kk: o.name_kk, ru: o.name_ru, en: o.name_en },
    district: o.district_code,
    requiresApproval: o.requires_approval === 1,
    active: o.active === 1,
  };
}

function ruleDto(r: Row<ReturnType<typeof repo.findRule>>) {
  return {
    id: r.id,
    priority: r.priority,
    name: r.name,
    conditions: JSON.parse(r.conditions) as Record<string, unknown>,
    organisationId: r.organisation_id,
    executorId: r.executor_id,
    strategy: r.strategy,
    active: r.active === 1,
  };
}

function templateDto(t: Row<ReturnType<typeof repo.findTemplate>>) {
  return {
    id: t.id,
    code: t.code,
    purpose: t.purpose,
    lang: t.lang,
    body: t.body,
    organisationId: t.organisation_id,
    active: t.active === 1,
  };
}

/**
 * Admin writes to the region's settings: organisations, routing rules, message templates and the
 * working-day calendar (reads are in src/web). Every change is audited; see service.ts.
 */
export function settingsWriteRoutes(app: FastifyInstance, ctx: AppContext): void {
  const access = { access: 'settings:write' } as const;
  const found = async <T>(row: Promise<T | undefined>, what: string): Promise<T> => {
    const r = await row;
    if (!r) throw notFound(what);
    return r;
  };

  // Organisations
  const orgBody = zodParts({ body: s.organisationBody });
  app.post<{ Body: s.OrganisationInput }>(
    '/api/reference/organisations',
    {
      config: access,
      validatorCompiler: orgBody.validatorCompiler,
      schema: {
        tags: ['settings'],
        summary: 'Create an organisation (name in kk/ru/en, type, district, active)',
        ...orgBody.schema,
        response: { 201: s.organisationSchema, ...s.errors },
      },
    },
    async (request, reply) => {
      const id = await svc.createOrganisation(ctx, request.body, who(request));
      const o = await found(orgs.findOrganisation(ctx.db, id), 'organisation');
      return reply.status(201).send(organisationDto(o));
    },
  );
  const orgPut = zodParts({ body: s.organisationBody, params: idParams });
  app.put<Id & { Body: s.OrganisationInput }>(
    '/api/reference/organisations/:id',
    {
      config: access,
      validatorCompiler: orgPut.validatorCompiler,
      schema: {
        tags: ['settings'],
        summary: 'Replace an organisation’s names, type, district and flags (its code stays)',
        description: 'Deactivating an organisation that active routing rules use is 409 organisation_in_use.',
        ...orgPut.schema,
        response: { 200: s.organisationSchema, ...s.errors },
      },
    },
    async (request) => {
      await svc.updateOrganisation(ctx, request.params.id, request.body, who(request));
      return organisationDto(await found(orgs.findOrganisation(ctx.db, request.params.id), 'organisation'));
    },
  );

  // Routing rules
  const ruleBody = zodParts({ body: s.ruleBody });
  app.post<{ Body: s.RuleInput }>(
    '/api/settings/routing',
    {
      config: access,
      validatorCompiler: ruleBody.validatorCompiler,
      schema: {
        tags: ['settings'],
        summary: 'Add a routing rule: conditions → organisation (and executor); the router uses it at once',
        ...ruleBody.schema,
        response: { 201: s.ruleSchema, ...s.errors },
      },
    },
    async (request, reply) => {
      const id = await svc.createRule(ctx, request.body, who(request));
      return reply.status(201).send(ruleDto(await found(repo.findRule(ctx.db, id), 'routing rule')));
    },
  );
  const rulePut = zodParts({ body: s.ruleBody, params: idParams });
  app.put<Id & { Body: s.RuleInput }>(
    '/api/settings/routing/:id',
    {
      config: access,
      validatorCompiler: rulePut.validatorCompiler,
      schema: {
        tags: ['settings'],
        summary: 'Replace a routing rule',
        ...rulePut.schema,
        response: { 200: s.ruleSchema, ...s.errors },
      },
    },
    async (request) => {
      await svc.updateRule(ctx, request.params.id, request.body, who(request));
      return ruleDto(await found(repo.findRule(ctx.db, request.params.id), 'routing rule'));
    },
  );
  const byId = zodParts({ params: idParams });
  app.delete<Id>(
    '/api/settings/routing/:id',
    {
      config: access,
      validatorCompiler: byId.validatorCompiler,
      schema: { tags: ['settings'], summary: 'Delete a routing rule', ...byId.schema, response: noContent },
    },
    async (request, reply) => {
      await svc.deleteRule(ctx, request.params.id, who(request));
      return reply.status(204).send();
    },
  );

  // Templates
  const tplBody = zodParts({ body: s.templateBody });
  app.post<{ Body: s.TemplateInput }>(
    '/api/templates',
    {
      config: access,
      validatorCompiler: tplBody.validatorCompiler,
      schema: {
        tags: ['settings'],
        summary:
          'Add a message template (answer templates by default); one per code, language and organisation',
        ...tplBody.schema,
        response: { 201: s.templateSchema, ...s.errors },
      },
    },
    async (request, reply) => {
      const id = await svc.createTemplate(ctx, request.body, who(request));
      return reply.status(201).send(templateDto(await found(repo.findTemplate(ctx.db, id), 'template')));
    },
  );
  const tplPut = zodParts({ body: s.templateBody, params: idParams });
  app.put<Id & { Body: s.TemplateInput }>(
    '/api/templates/:id',
    {
      config: access,
      validatorCompiler: tplPut.validatorCompiler,
      schema: {
        tags: ['settings'],
        summary: 'Replace a message template',
        ...tplPut.schema,
        response: { 200: s.templateSchema, ...s.errors },
      },
    },
    async (request) => {
      await svc.updateTemplate(ctx, request.params.id, request.body, who(request));
      return templateDto(await found(repo.findTemplate(ctx.db, request.params.id), 'template'));
    },
  );
  app.delete<Id>(
    '/api/templates/:id',
    {
      config: access,
      validatorCompiler: byId.validatorCompiler,
      schema: {
        tags: ['settings'],
        summary: 'Delete a message template',
        description:
          'The last active copy of a code the desk sends itself (ack, status…) is 409 template_in_use.',
        ...byId.schema,
        response: noContent,
      },
    },
    async (request, reply) => {
      await svc.deleteTemplate(ctx, request.params.id, who(request));
      return reply.status(204).send();
    },
  );

  // The calendar
  const calBody = zodParts({ body: s.calendarBody });
  app.post<{ Body: s.CalendarInput }>(
    '/api/settings/calendar',
    {
      config: access,
      validatorCompiler: calBody.validatorCompiler,
      schema: {
        tags: ['settings'],
        summary: 'Add a public holiday or a moved day off; deadlines use it from the next case on',
        ...calBody.schema,
        response: { 201: s.calendarSchema, ...s.errors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const id = await svc.addCalendarEntry(ctx, b, who(request));
      return reply.status(201).send({
        id,
        date: b.date,
        type: b.type,
        name: b.name,
        religious: b.type === 'holiday' && b.religious,
        workingDate: b.type === 'transfer' ? b.workingDate : null,
      });
    },
  );
  const byDate = zodParts({ params: s.dateParams });
  app.delete<{ Params: { date: string } }>(
    '/api/settings/calendar/:date',
    {
      config: access,
      validatorCompiler: byDate.validatorCompiler,
      schema: {
        tags: ['settings'],
        summary: 'Remove the calendar entry of a date (YYYY-MM-DD)',
        ...byDate.schema,
        response: noContent,
      },
    },
    async (request, reply) => {
      await svc.removeCalendarEntry(ctx, request.params.date, who(request));
      return reply.status(204).send();
    },
  );
}
